import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { humanCaller, type Agent, type SwitchboardEvent, type Team } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import type { MemoryBackend, TerminalBackend } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { closeAfterTest } from '../support/close-after-test';

export const HOST_URL = 'http://127.0.0.1:4555';

/**
 * An orchestrator on a memory terminal (or the one given), with a temp data folder and an event log. Called in a
 * test: when the test ends the orchestrator is closed (once, also when the test closed it itself) and a data folder
 * the fixture made is removed (close-after-test.ts).
 */
export function setupFleet(
  options: {
    databasePath?: string;
    backend?: MemoryBackend;
    terminal?: TerminalBackend;
    dataDir?: string;
  } = {},
) {
  const backend = options.backend ?? createMemoryBackend();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sb-fleet-'));
  const orchestrator = createOrchestrator({
    databasePath: options.databasePath ?? ':memory:',
    backend: options.terminal ?? backend,
    clock: new FakeClock(),
    dataDir,
    hostUrl: () => HOST_URL,
  });
  closeAfterTest(orchestrator, () => {
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  });
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((e) => events.push(e));
  const call = <T = unknown>(name: string, input: unknown) =>
    orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  const agent = (name: string) => orchestrator.fleet.requireAgent(name);
  const team = (name: string) => orchestrator.fleet.requireTeam(name);
  /** Teams t0..t(teams-1), each with `perTeam` agents named t<i>-a<j>. */
  async function populate(teams: number, perTeam: number): Promise<{ teams: Team[]; agents: Agent[] }> {
    const made: Team[] = [];
    const agents: Agent[] = [];
    for (let t = 0; t < teams; t++) made.push(await call<Team>('team.create', { name: `t${t}` }));
    for (let t = 0; t < teams; t++)
      for (let a = 0; a < perTeam; a++)
        agents.push(await call<Agent>('agent.spawn', { name: `t${t}-a${a}`, team: `t${t}` }));
    return { teams: made, agents };
  }
  /** Everything a refused command must leave untouched. */
  async function state() {
    return JSON.stringify({
      snapshot: await call('fleet.snapshot', {}),
      layout: await backend.getLayout(),
      panes: await backend.listPanes(),
      arrangements: await call('layout.list', {}),
    });
  }
  return { backend, orchestrator, events, call, agent, team, populate, state, dataDir };
}

/** Where a pane sits: window id and tab id in the terminal. */
export async function locate(
  backend: TerminalBackend,
  paneId: string,
): Promise<{ windowId: string; tabId: string } | undefined> {
  const pane = (await backend.listPanes()).find((p) => p.id === paneId);
  return pane ? { windowId: pane.windowId, tabId: pane.tabId } : undefined;
}

/**
 * The memory terminal behind a gate: each createPane waits a few event-loop turns (as a real terminal's
 * round trip does) and counts how many run at once; `failOn` makes chosen creations fail.
 */
export function gatedTerminal(memory: MemoryBackend, failOn: (call: number) => boolean = () => false) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: 0 };
  const terminal = new Proxy(memory, {
    get(target, key, receiver) {
      if (key !== 'createPane') return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<TerminalBackend['createPane']>) => {
        const call = ++stats.calls;
        stats.inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (failOn(call)) throw new Error(`pane ${call} refused`);
          return await target.createPane(...args);
        } finally {
          stats.inFlight--;
        }
      };
    },
  });
  return { terminal: terminal as TerminalBackend, stats };
}
