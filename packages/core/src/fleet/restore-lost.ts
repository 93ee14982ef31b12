import type { Agent } from '@switchboard/protocol';
import { isoTime } from '../ports/clock';
import type { AgentRestartsDeps } from './agent-restarts';
import { SPAWN_CONCURRENCY } from './agent-spawner';
import { decoratePane } from './pane-decoration';
import { runBounded } from './run-bounded';

export interface RestoreResult {
  restored: Agent[];
  failed: { agentId: string; name: string; message: string }[];
}

/**
 * `fleet.restore`: every `lost` agent (and, asked for, every `exited` one with no pane) started again at its place in its team's layout (after iTerm2 quit or
 * a reboot), resuming its own conversation where its CLI can. Run inside the fleet's mutation queue, the way a
 * batch spawn is: the first agent of a team with no live pane alone (it opens the team's window or tab), the
 * rest `concurrency` at a time in tabs beside their team-mates, then one re-layout puts every pane in its
 * place. Each agent's `agent.updated` is emitted as soon as its pane runs (the UI's progress). A failure is
 * reported and the others go on. Results keep the order of `agents`.
 */
export async function restoreLost(
  deps: AgentRestartsDeps,
  agents: readonly Agent[],
  resume: boolean,
  concurrency = SPAWN_CONCURRENCY,
): Promise<RestoreResult> {
  const { backend, tokens, spawner, repository, layouts, bus, clock } = deps;
  const outcomes = new Map<string, Agent | Error>();
  const relaunch = async (agent: Agent) => {
    try {
      const placement = await layouts.placementFor({ ...agent, paneId: null }, layouts.current(), {
        split: false,
      });
      tokens.revokeAll(agent.id);
      const resumes = resume && deps.wiring.resumableSession(agent) !== undefined;
      const { paneId } = await spawner.launch(agent, placement, resume);
      const restarted: Agent = { ...agent, paneId, state: 'starting', stateSince: isoTime(clock) };
      repository.updateAgent(restarted);
      // Before its `agent.updated`: nothing has read the new pane yet, its last health state is the one it was lost in.
      if (resumes) deps.resuming?.(restarted);
      // Swallowed on purpose: decoration is cosmetic; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      await decoratePane(restarted, backend, deps.status).catch(() => undefined);
      bus.emit({ type: 'agent.updated', agent: restarted });
      outcomes.set(agent.id, restarted);
    } catch (error) {
      outcomes.set(agent.id, error instanceof Error ? error : new Error(String(error)));
    }
  };
  const alive = new Set((await backend.listPanes()).filter((p) => p.alive).map((p) => p.id));
  const housed = new Set(
    repository
      .listAgents()
      .filter((a) => a.paneId !== null && alive.has(a.paneId))
      .map((a) => a.teamId),
  );
  const leaders: Agent[] = [];
  const followers: Agent[] = [];
  for (const agent of agents) {
    (housed.has(agent.teamId) ? followers : leaders).push(agent);
    housed.add(agent.teamId);
  }
  for (const leader of leaders) await relaunch(leader);
  await runBounded(followers, concurrency, relaunch);
  // Swallowed on purpose: the agents run in their new panes without a re-arranged layout; the logged backend has logged the failure.
  if ([...outcomes.values()].some((o) => !(o instanceof Error))) await layouts.apply().catch(() => undefined);
  const result: RestoreResult = { restored: [], failed: [] };
  for (const agent of agents) {
    const outcome = outcomes.get(agent.id)!;
    if (outcome instanceof Error)
      result.failed.push({ agentId: agent.id, name: agent.name, message: outcome.message });
    else result.restored.push(outcome);
  }
  return result;
}
