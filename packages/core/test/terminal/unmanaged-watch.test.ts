import { describe, expect, it } from 'vitest';
import type { UnmanagedSession } from '@switchboard/protocol';
import { EventBus } from '../../src/events/event-bus';
import type { FleetRepository } from '../../src/fleet/fleet-repository';
import { systemClock } from '../../src/ports/clock';
import type { BackendEvent, PaneInfo, TerminalBackend } from '../../src/ports/terminal-backend';
import { UnmanagedWatch } from '../../src/terminal/unmanaged-watch';
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

  it('a read during a spawn answers once the spawn is done: the pane being spawned is never offered for adoption', async () => {
    const { backend, orchestrator, lists, quiet, human } = await setup();
    // The spawn stops between its pane and its agent (the pane is being marked as the agent's).
    let release!: () => void;
    const marked = new Promise<void>((resolve) => (release = resolve));
    const setVariable = backend.setVariable.bind(backend);
    backend.setVariable = async (...args) => {
      await marked;
      return setVariable(...args);
    };
    const spawning = orchestrator.fleet.spawn({ name: 'a', kind: 'shell', role: 'builder' });
    await eventually(async () => (await backend.listPanes()).length === 1, 5_000, 'the pane');
    const read = human('pane.listUnmanaged') as Promise<{ sessions: UnmanagedSession[] }>;
    release();
    await spawning;
    // Before, the read answered at once with the pane, and no event came to take it back: the watch, which waits
    // for the fleet, never saw the pane unowned, so its list did not change.
    expect((await read).sessions).toEqual([]);
    await quiet();
    expect(lists()).toEqual([]);
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

describe('what an unmanaged pane runs, kept current', () => {
  /** A terminal with panes and their jobName, that reports what a watching client of iTerm2 hears. */
  function fakeTerminal() {
    const jobs = new Map<string, string>();
    let listener: (event: BackendEvent) => void = () => undefined;
    let listings = 0;
    const backend = {
      onEvent: (l: (event: BackendEvent) => void) => ((listener = l), () => undefined),
      listPanes: async (): Promise<PaneInfo[]> => {
        listings++;
        return [...jobs.keys()].map((id) => ({
          id,
          windowId: 'w',
          tabId: 't',
          title: id,
          pid: null,
          alive: true,
        }));
      },
      getVariable: async (paneId: string, name: string) =>
        name === 'jobName' ? jobs.get(paneId) : undefined,
    } as unknown as TerminalBackend;
    const run = (paneId: string, job: string, event: BackendEvent) => {
      jobs.set(paneId, job);
      listener(event);
    };
    return { backend, run, listings: () => listings };
  }

  it("re-lists when a listed pane's program changes (sh starting bash), not when an agent's does", async () => {
    const terminal = fakeTerminal();
    const bus = new EventBus(systemClock);
    const announced: (string | null)[][] = [];
    bus.subscribe((e) => {
      if (e.type === 'terminal.unmanaged_changed') announced.push(e.sessions.map((s) => s.command));
    });
    const agentPane = 'pane-agent';
    const repository = {
      listAgents: () => [{ paneId: agentPane }],
      agentInPane: (paneId: string) => (paneId === agentPane ? { paneId } : undefined),
    } as unknown as FleetRepository;
    const watch = new UnmanagedWatch({
      backend: terminal.backend,
      bus,
      repository,
      fleetIdle: async () => {},
    });
    watch.start();
    try {
      terminal.run('pane-1', '/bin/sh', { type: 'pane.created', pane: { id: 'pane-1' } as PaneInfo });
      await watch.settled();
      expect(announced).toEqual([['/bin/sh']]);
      terminal.run('pane-1', '/bin/bash', {
        type: 'variable.changed',
        paneId: 'pane-1',
        name: 'jobName',
        value: '/bin/bash',
      });
      await watch.settled();
      expect(announced).toEqual([['/bin/sh'], ['/bin/bash']]);

      const listings = terminal.listings();
      terminal.run(agentPane, 'claude', {
        type: 'variable.changed',
        paneId: agentPane,
        name: 'jobName',
        value: 'claude',
      });
      await watch.settled();
      expect(terminal.listings()).toBe(listings);
    } finally {
      watch.close();
    }
  });
});
