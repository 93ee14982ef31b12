// A program that ends, and a pane that closes, before the spawn that made it is recorded (before
// `agent.spawned`, when health begins watching): the end counts all the same. Ends the backend reports during
// createPane itself, the earliest instant there is.
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { createOrchestrator, type BackendEvent, type Orchestrator } from '../../src/index';
import { EARLY_ENDS_KEPT, EarlyEnds } from '../../src/health/early-ends';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from './scripted-backend';

type End = Extract<BackendEvent, { type: 'pane.exited' | 'pane.closed' }>;
const exited = (paneId: string, more: Partial<End> = {}): End => ({ type: 'pane.exited', paneId, ...more });
const closed = (paneId: string): End => ({ type: 'pane.closed', paneId });

describe('ends heard before health watches the pane', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  /** Spawns a shell agent whose pane reports `ends(paneId)` while createPane is still running. */
  async function spawnEnding(ends: (paneId: string) => End[]) {
    const scripted = scriptedBackend();
    const backend = {
      ...scripted.backend,
      async createPane(spec: Parameters<typeof scripted.backend.createPane>[0]) {
        const pane = await scripted.backend.createPane(spec);
        for (const end of ends(pane.id)) scripted.emit(end);
        return pane;
      },
    };
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock: new FakeClock() });
    await orchestrator.invoke(humanCaller, 'team.create', { name: 'red' });
    const { agent } = await orchestrator.fleet.spawn({
      name: 'a1',
      kind: 'shell',
      team: 'red',
      role: 'builder',
    });
    await settle();
    return { agent, emit: scripted.emit, now: () => orchestrator.fleet.requireAgent(agent.id) };
  }

  it("iTerm2's two ends and the close: exited, not lost", async () => {
    const { now } = await spawnEnding((id) => [exited(id), exited(id), closed(id)]);
    expect(now()).toMatchObject({ state: 'exited', paneId: null });
  });

  it('two ends, the pane left open: exited, the pane kept', async () => {
    const { now, agent } = await spawnEnding((id) => [exited(id), exited(id)]);
    expect(now()).toMatchObject({ state: 'exited', paneId: agent.paneId });
  });

  it("tmux's end by itself with its status (a dead pane kept): exited, with the status; then closed: exited", async () => {
    const { agent, now, emit } = await spawnEnding((id) => [
      exited(id, { endedByItself: true, exitStatus: 3 }),
    ]);
    expect(orchestrator.health.get(agent.id)).toMatchObject({ state: 'exited' });
    expect(orchestrator.health.get(agent.id).signals[0]!.detail).toBe('process ended with status 3');
    emit(closed(agent.paneId!));
    await settle();
    expect(now()).toMatchObject({ state: 'exited', paneId: null });
  });

  it('a pane closed by hand at once (one end, then the close): lost', async () => {
    const { agent, now } = await spawnEnding((id) => [exited(id), closed(id)]);
    expect(now()).toMatchObject({ state: 'lost', paneId: null });
    expect(orchestrator.health.paneClosedByHand(agent.id)).toBe(true);
  });

  it('keeps the ends of the newest panes only', () => {
    const ends = new EarlyEnds();
    for (let i = 0; i <= EARLY_ENDS_KEPT; i++) ends.note(exited(`p${i}`));
    expect(ends.take('p0')).toEqual([]);
    expect(ends.take(`p${EARLY_ENDS_KEPT}`)).toEqual([exited(`p${EARLY_ENDS_KEPT}`)]);
    for (let i = 0; i < 10; i++) ends.note(exited('many'));
    expect(ends.take('many')).toHaveLength(4);
  });
});
