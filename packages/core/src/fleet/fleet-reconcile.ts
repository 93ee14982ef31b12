import type { Agent } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { FleetRepository } from './fleet-repository';
import { AGENT_VARIABLE } from './pane-decoration';

export interface ReconcileDeps {
  repository: FleetRepository;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  decoratePane: (agent: Agent) => Promise<void>;
}

/**
 * Re-binds agents to live panes after a (re)start: by the pane id kept in SQLite when that pane
 * still lives and is not claimed by another agent, else by the pane whose `user.switchboardAgent`
 * names the agent. Agents with no pane left become `lost` (kept, respawnable with agent.restart), except
 * those whose program had ended (`exited`: they stay so, their pane was no loss); agents whose remote host
 * cannot be reached become `unreachable` (their panes are out of sight, not gone).
 */
export async function reconcileFleet({
  repository,
  backend,
  bus,
  clock,
  decoratePane,
}: ReconcileDeps): Promise<{ rebound: number; lost: number; unreachable: number }> {
  const agents = repository.listAgents();
  // Remote hosts first (connected now if they were not): an agent whose host cannot be reached is `unreachable`, not `lost`.
  const remoteHosts = agents.flatMap((a) => (a.host === undefined ? [] : [a.host]));
  const away = new Set(
    remoteHosts.length > 0 && backend.unreachableHosts ? await backend.unreachableHosts(remoteHosts) : [],
  );
  const panes = (await backend.listPanes()).filter((p) => p.alive);
  const claimedBy = new Map<string, string>();
  await Promise.all(
    panes.map(async (p) => {
      // Swallowed on purpose: a pane whose variable cannot be read is treated as nobody's; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      const value = await backend.getVariable(p.id, AGENT_VARIABLE).catch(() => undefined);
      if (value) claimedBy.set(p.id, value);
    }),
  );
  const paneByAgent = new Map([...claimedBy].map(([paneId, agentId]) => [agentId, paneId]));
  let rebound = 0;
  let lost = 0;
  let unreachable = 0;
  for (const agent of agents) {
    if (agent.host !== undefined && away.has(agent.host)) {
      unreachable++;
      markUnreachable(agent, { repository, bus, clock });
      continue;
    }
    const keep =
      agent.paneId !== null &&
      panes.some((p) => p.id === agent.paneId) &&
      (claimedBy.get(agent.paneId) ?? agent.id) === agent.id;
    const paneId = keep ? agent.paneId : (paneByAgent.get(agent.id) ?? null);
    if (paneId !== null) {
      rebound++;
      const bound: Agent =
        paneId === agent.paneId && agent.state !== 'lost' && agent.state !== 'unreachable'
          ? agent
          : {
              ...agent,
              paneId,
              state: agent.state === 'lost' || agent.state === 'unreachable' ? 'unknown' : agent.state,
              stateSince: isoTime(clock),
            };
      if (bound !== agent) {
        repository.updateAgent(bound);
        bus.emit({ type: 'agent.updated', agent: bound });
      }
      // Swallowed on purpose: decoration (badge, colour) is cosmetic and the binding stands without it; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      await decoratePane(bound).catch(() => undefined);
    } else if (agent.state === 'exited') {
      if (agent.paneId !== null) markPaneGone(agent, true, { repository, bus, clock });
    } else {
      lost++;
      if (agent.paneId !== null || agent.state !== 'lost')
        markPaneGone(agent, false, { repository, bus, clock });
    }
  }
  return { rebound, lost, unreachable };
}

/** The agent's host cannot be reached: its pane (kept) is out of sight until the host is back. */
function markUnreachable(
  agent: Agent,
  { repository, bus, clock }: Pick<ReconcileDeps, 'repository' | 'bus' | 'clock'>,
): void {
  if (agent.state === 'unreachable') return;
  const away: Agent = { ...agent, state: 'unreachable', stateSince: isoTime(clock) };
  repository.updateAgent(away);
  bus.emit({ type: 'agent.updated', agent: away });
}

/**
 * The agent's pane is gone; the agent is kept (agent.restart brings it back). `exited` when its program
 * ended by itself before (the terminal closed the pane after it: it finished or crashed, nothing was lost),
 * `lost` when the pane vanished with its program running or its end unknown (closed by hand, terminal gone).
 */
export function markPaneGone(
  agent: Agent,
  programEnded: boolean,
  { repository, bus, clock }: Pick<ReconcileDeps, 'repository' | 'bus' | 'clock'>,
): void {
  const state = programEnded ? 'exited' : 'lost';
  const since = agent.state === state ? agent.stateSince : isoTime(clock);
  const gone: Agent = { ...agent, paneId: null, state, stateSince: since };
  repository.updateAgentState(gone);
  bus.emit({ type: 'agent.updated', agent: gone });
}
