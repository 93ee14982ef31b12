import { describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { shownName } from '../src/store/shown-name';
import { idOf, realFleet } from './real-fleet';

// Session 26 left it: formerNames lived only in a page that watched the close, so a page opened later (a new window,
// a reload) showed a closed agent's messages, audit and memory entries under its raw id.
describe('names of agents closed before the page opened', () => {
  it('come with fleet.snapshot: a fresh page reads "alice (closed)", oldest first, the live agents left out', async () => {
    const fleet = await realFleet({ agents: [{ name: 'alice' }, { name: 'bob' }, { name: 'carol' }] });
    const ids = Object.fromEntries(['alice', 'bob', 'carol'].map((name) => [name, idOf(fleet.state, name)]));
    await fleet.orchestrator.invoke(humanCaller, 'agent.close', { agent: 'bob' });
    fleet.clock.advance(1000);
    await fleet.orchestrator.invoke(humanCaller, 'agent.close', { agent: 'alice' });
    // A new alice: the old one's records must not read as hers.
    await fleet.orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'alice' });

    const page = await fleet.reload();
    expect(shownName(page, ids['alice']!).text).toBe('alice (closed)');
    expect(shownName(page, ids['bob']!).text).toBe('bob (closed)');
    expect(shownName(page, ids['carol']!).text).toBe('carol');
    expect(Object.entries(page.formerNames)).toEqual([
      [ids['bob'], 'bob'],
      [ids['alice'], 'alice'],
    ]);
  });
});
