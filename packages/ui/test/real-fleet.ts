import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { FakeClock } from '@switchboard/core/testing';
import { humanCaller, type Caller, type CommandInput } from '@switchboard/protocol';
import { applyEvent, fromSnapshot, type FleetState } from '../src/index';

export interface FleetPlan {
  teams?: CommandInput<'team.create'>[];
  agents?: CommandInput<'agent.spawn'>[];
}

/** A fleet made by a real core (SQLite :memory:, memory backend, a clock the test moves), read back through fleet.snapshot. */
export async function realFleet(plan: FleetPlan): Promise<{
  state: FleetState;
  orchestrator: Orchestrator;
  clock: FakeClock;
  reload(): Promise<FleetState>;
}> {
  const clock = new FakeClock();
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend: createMemoryBackend(),
    clock,
  });
  for (const team of plan.teams ?? []) await orchestrator.invoke(humanCaller, 'team.create', team);
  for (const agent of plan.agents ?? []) await orchestrator.invoke(humanCaller, 'agent.spawn', agent);
  const reload = async () =>
    fromSnapshot(
      (await orchestrator.invoke(humanCaller, 'fleet.snapshot', {})) as Parameters<typeof fromSnapshot>[0],
    );
  return { state: await reload(), orchestrator, clock, reload };
}

/** Looks an agent or team id up by name. */
export function idOf(state: FleetState, name: string): string {
  const found = [...Object.values(state.agents), ...Object.values(state.teams)].find((x) => x.name === name);
  if (!found) throw new Error(`no agent or team named ${name}`);
  return found.id;
}

/**
 * `realFleet` watched as a page watches it: every event the core emits is applied to the UI state (applyEvent).
 * `as(name)` is that agent as a caller.
 */
export async function watchedFleet(plan: FleetPlan) {
  const fleet = await realFleet(plan);
  let state: FleetState = fleet.state;
  fleet.orchestrator.subscribe((event) => (state = applyEvent(state, event)));
  const as = (name: string): Caller => ({ kind: 'agent', id: idOf(fleet.state, name) });
  return {
    ...fleet,
    as,
    get state() {
      return state;
    },
  };
}
