// Which agents' CLIs listed Switchboard's tools is kept with the pane the CLI ran in: the same CLI after a host
// restart still counts, a CLI relaunched in another pane (a restore) counts only once it lists them again.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/events/event-bus';
import { McpPresence } from '../../src/spawning/mcp-presence';
import { FakeClock } from '../../src/testing/index';

describe('MCP presence', () => {
  it('counts for the pane the CLI was seen in, not for the agent in another pane; forgotten when closed', () => {
    const bus = new EventBus(new FakeClock());
    let pane = 'pane-1';
    const marked: string[] = [];
    const presence = new McpPresence(bus, undefined, () => pane);
    presence.onMarked((agentId) => marked.push(agentId));
    presence.mark('agent-a');
    expect(presence.has('agent-a')).toBe(true);
    pane = 'pane-2'; // relaunched elsewhere
    expect(presence.has('agent-a')).toBe(false);
    presence.mark('agent-a');
    expect(presence.has('agent-a')).toBe(true);
    expect(marked).toEqual(['agent-a', 'agent-a']);
    bus.emit({ type: 'agent.closed', agentId: 'agent-a' });
    expect(presence.has('agent-a')).toBe(false);
    presence.close();
  });
});
