// A spawn's first task waits until the agent's CLI has listed Switchboard's tools (its MCP client's `tools/list`
// asks who it is). Restarted in place — the same pane, a new CLI process with a fresh token — the old CLI's listing
// says nothing about the new one, whose MCP servers connect after its prompt shows: the task waits for the new one's.
import { describe, expect, it } from 'vitest';
import { fakeCliBackend } from '../messages/fake-cli-backend';
import { messagingFixture } from '../messages/messaging-fixture';

describe("MCP presence is the CLI's, not the pane's", () => {
  it('a CLI restarted in its own pane counts only once it lists the tools again', async () => {
    const fake = fakeCliBackend();
    const f = messagingFixture({ backend: fake.backend });
    const agent = await f.spawn('presence-1', { kind: 'claude', task: 'fix the build' });
    fake.set(agent.paneId, 'busy'); // the CLI is busy: its task waits for an idle prompt
    await f.drive(() => f.orchestrator.health.get(agent.id).state === 'working');
    await agent.call('agent.whoami', {}); // the first CLI lists Switchboard's tools
    await f.drive(() => false, 50, 20);
    expect(fake.submitted).toEqual([]); // still busy

    await f.orchestrator.fleet.restartInPane(agent.id); // a new CLI in the same pane
    fake.set(agent.paneId, 'idle'); // its prompt shows before its MCP servers have connected
    await f.drive(() => false, 50, 100);
    expect(fake.submitted).toEqual([]);

    const renewed = f.as({ kind: 'agent', id: agent.id });
    await renewed('agent.whoami', {}); // the new CLI lists them: the task goes
    await f.drive(() => fake.submitted.length > 0);
    expect(fake.submitted.map((s) => s.line)).toEqual(['fix the build']);
  });
});
