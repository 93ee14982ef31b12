// What one agent's state change costs the host must not grow with the fleet: 100 agents exiting together are ~300
// state changes, and work per change proportional to the fleet made the burst quadratic (the fleet index rebuilt
// its lookup of every agent; the prompt service walked every pane binding).
import { humanCaller } from '@switchboard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/index';
import { allocatedBytes } from '../../src/testing/index';
import { scriptedBackend, settle } from './scripted-backend';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const orchestrator of open.splice(0)) await orchestrator.close();
});

/** A fleet of `size` shells whose state a test changes with OSC 133 marks (at once, no debounce). */
async function fleetOf(size: number) {
  const scripted = scriptedBackend();
  // The system clock: a fake clock's timer list is its own cost per timer, not the host's.
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: scripted.backend });
  open.push(orchestrator);
  await orchestrator.invoke(humanCaller, 'team.create', { name: 'red' });
  const panes: string[] = [];
  for (let i = 0; i < size; i++) {
    const { agent } = await orchestrator.fleet.spawn({
      name: `a${i}`,
      kind: 'shell',
      team: 'red',
      role: 'builder',
    });
    panes.push(agent.paneId!);
  }
  await settle();
  let changes = 0;
  orchestrator.subscribe((event) => void (event.type === 'health.state_changed' && changes++));
  /** Every agent starts a command, then is back at its prompt: two state changes each. */
  const round = async () => {
    for (const paneId of panes) scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.started' });
    for (const paneId of panes) {
      scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.finished', exitStatus: 0 });
      scripted.emit({ type: 'pane.prompt', paneId, phase: 'prompt' });
    }
    await settle();
  };
  return { round, changes: () => changes };
}

/** Bytes allocated per state change over `rounds`. */
async function bytesPerChange(fleet: Awaited<ReturnType<typeof fleetOf>>, rounds: number): Promise<number> {
  const before = fleet.changes();
  const bytes = await allocatedBytes(async () => {
    for (let i = 0; i < rounds; i++) await fleet.round();
  }, 128);
  return bytes / (fleet.changes() - before);
}

describe('a state change at 10 and at 100 agents', () => {
  it('allocates about the same: nothing per change walks or copies the whole fleet', async () => {
    const small = await fleetOf(10);
    const large = await fleetOf(100);
    const perAgent: number[] = [];
    for (let attempt = 0; attempt < 4 && !(Math.min(...perAgent) < 20); attempt++) {
      await small.round();
      await large.round();
      const atSmall = await bytesPerChange(small, 10);
      const atLarge = await bytesPerChange(large, 1);
      perAgent.push((atLarge - atSmall) / 90);
    }
    expect(
      Math.min(...perAgent),
      `extra bytes per change per agent, each try: ${perAgent.join(', ')}`,
    ).toBeLessThan(20);
  }, 60_000);
});
