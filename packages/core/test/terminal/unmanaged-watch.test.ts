import { describe, expect, it } from 'vitest';
import type { UnmanagedSession } from '@switchboard/protocol';
import { eventually } from '../../src/testing/index';
import { settle, worldsClosedAfterEach } from '../support/world';

const world = worldsClosedAfterEach();

async function setup() {
  const { backend, orchestrator, events, human } = await world();
  const lists = () =>
    events.flatMap((e) => (e.type === 'terminal.unmanaged_changed' ? [e.sessions.map((s) => s.pane)] : []));
  /** Lets the watch's re-list (backend calls, the fleet's queue) finish. */
  const quiet = async () => {
    for (let i = 0; i < 5; i++) await settle();
    await orchestrator.fleet.idle();
    for (let i = 0; i < 5; i++) await settle();
  };
  /** Waits for the n-th announced list. */
  const announced = (n: number) => eventually(() => lists().length >= n || undefined, 5_000, `list ${n}`);
  return { backend, orchestrator, events, lists, quiet, human, announced };
}

describe('the list of panes no agent owns, kept live from the terminal (no polling)', () => {
  it('announces a pane opened and closed outside Switchboard, and one adopted', async () => {
    const { backend, lists, quiet, human, announced } = await setup();
    const stray = await backend.createPane({});
    await announced(1);
    expect(lists()).toEqual([[stray.id]]);
    const listed = (await human('pane.listUnmanaged')) as { sessions: UnmanagedSession[] };
    expect(listed.sessions.map((s) => s.pane)).toEqual([stray.id]);

    const second = await backend.createPane({});
    await announced(2);
    await backend.closePane(stray.id);
    await announced(3);
    expect(lists()).toEqual([[stray.id], [stray.id, second.id], [second.id]]);

    await human('agent.adopt', { pane: second.id, name: 'adopted' });
    await announced(4);
    expect(lists().at(-1)).toEqual([]);
    await quiet();
    expect(lists()).toHaveLength(4);
  });

  it("never lists an agent's own pane, and is silent while only agents' states change", async () => {
    const { orchestrator, lists, quiet, human } = await setup();
    await orchestrator.fleet.spawn({ name: 'a', kind: 'shell', role: 'builder' });
    await orchestrator.fleet.spawn({ name: 'b', kind: 'shell', role: 'builder' });
    await quiet();
    // Each pane was an agent's before it was judged: any list announced is empty.
    for (const list of lists()) expect(list).toEqual([]);
    const before = lists().length;
    await human('agent.rename', { agent: 'a', name: 'a2' });
    await quiet();
    expect(lists().length).toBe(before);
    // An agent that closes takes its pane with it: still nothing to adopt, and nothing announced.
    await human('agent.close', { agent: 'b' });
    await quiet();
    for (const list of lists()) expect(list).toEqual([]);
  });

  it('panes that change together cost one listing of the terminal, not one each, and the list names them all', async () => {
    const { backend, lists, announced } = await setup();
    let listings = 0;
    const listPanes = backend.listPanes.bind(backend);
    backend.listPanes = () => {
      listings++;
      return listPanes();
    };
    const strays = [];
    for (let i = 0; i < 10; i++) strays.push((await backend.createPane({})).id);
    await announced(1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a re-list still due would have run
    expect(lists().at(-1)).toEqual(strays);
    expect(listings).toBeLessThanOrEqual(2);
  });
});
