import { SwitchboardError } from '@switchboard/protocol';
import type { Agent } from '@switchboard/protocol';
import { isoTime } from '../ports/clock';
import type { PanePlacement } from '../ports/terminal-backend';
import type { AgentSpawner } from './agent-spawner';
import type { FleetLayouts } from './fleet-layouts';
import type { FleetRepository } from './fleet-repository';
import type { FleetDeps } from './fleet-service';
import { decoratePane } from './pane-decoration';
import { restoreLost, type RestoreResult } from './restore-lost';
import { removeAgentLaunch, writeAgentLaunch } from './agent-launch';
import type { TerminalStatus } from '../terminal-status/terminal-status';

export type AgentRestartsDeps = Pick<
  FleetDeps,
  'backend' | 'bus' | 'clock' | 'tokens' | 'wiring' | 'hostUrl'
> & {
  repository: FleetRepository;
  layouts: FleetLayouts;
  spawner: AgentSpawner;
  status: TerminalStatus;
  /** A relaunch resumes the agent's conversation (FleetService.resuming); returns how to take that back. */
  resuming?: (agent: Agent) => () => void;
};

/** The two ways an agent starts again, each with a fresh token; run inside the fleet's mutation queue. */
export class AgentRestarts {
  constructor(private readonly deps: AgentRestartsDeps) {}

  /** A fresh pane at the agent's place (next to its old pane, which then closes; or where the layout puts it). */
  async inNewPane(agent: Agent, resume: boolean): Promise<Agent> {
    const { backend, tokens, spawner, repository, layouts, bus, clock } = this.deps;
    const panes = await backend.listPanes();
    const oldPane =
      agent.paneId !== null && panes.some((p) => p.id === agent.paneId && p.alive) ? agent.paneId : null;
    const placement: PanePlacement = oldPane
      ? { kind: 'split', paneId: oldPane, vertical: true }
      : await layouts.placementFor({ ...agent, paneId: null });
    tokens.revokeAll(agent.id);
    const resumes = resume && this.deps.wiring.resumableSession(agent) !== undefined;
    const { paneId } = await spawner.launch(agent, placement, resume);
    const restarted: Agent = { ...agent, paneId, state: 'starting', stateSince: isoTime(clock) };
    repository.updateAgent(restarted);
    // Before its `agent.updated` (health watches the new pane from there): its last state is still the old one's.
    if (resumes) this.deps.resuming?.(restarted);
    // Swallowed on purpose: the old pane may be gone already; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
    if (oldPane) await backend.closePane(oldPane).catch(() => undefined);
    await decoratePane(restarted, backend, this.deps.status);
    // Swallowed on purpose: the agent restarted either way; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
    await layouts.apply().catch(() => undefined);
    bus.emit({ type: 'agent.updated', agent: restarted });
    return restarted;
  }

  /**
   * Every `lost` agent (of those `only` keeps) in a fresh pane, `concurrency` at a time, with one re-layout at the end.
   * An `exited` agent (its program ended: finished or crashed) only with `includeExited`, and only once its pane is gone.
   */
  restoreLost(
    resume: boolean,
    includeExited: boolean,
    only: (agent: Agent) => boolean = () => true,
    concurrency?: number,
  ): Promise<RestoreResult> {
    const chosen = this.deps.repository
      .listAgents()
      .filter((a) => a.state === 'lost' || (includeExited && a.state === 'exited' && a.paneId === null))
      .filter(only);
    return restoreLost(this.deps, chosen, resume, concurrency);
  }

  /** The agent's command again in its own pane (same pane id). */
  async inSamePane(agent: Agent, resume: boolean): Promise<Agent> {
    const { backend, tokens, wiring, repository, bus, clock } = this.deps;
    if (agent.paneId === null)
      throw new SwitchboardError('conflict', `Agent "${agent.name}" has no pane to restart in`, {
        hint: 'agent.restart opens a new one.',
      });
    tokens.revokeAll(agent.id);
    const token = tokens.issue(agent.id);
    // The pane runs `/bin/sh launch-agent.sh <this agent's launch file>`: a fresh file makes the same command relaunch the agent.
    try {
      await writeAgentLaunch(this.deps, agent, token, resume);
    } catch (error) {
      tokens.revokeAll(agent.id);
      wiring.remove(agent.id);
      throw error;
    }
    // The same pane, watched all along: noted before its new process can draw anything.
    const resumes = resume && this.deps.wiring.resumableSession(agent) !== undefined;
    const takeBack = resumes ? this.deps.resuming?.(agent) : undefined;
    try {
      await backend.restartPane(agent.paneId);
    } catch (error) {
      takeBack?.();
      tokens.revokeAll(agent.id);
      // Swallowed on purpose: the files are the launch's own leftovers; the caller gets the restart's error.
      await removeAgentLaunch(this.deps, agent).catch(() => undefined);
      throw new SwitchboardError(
        'unavailable',
        `The terminal backend could not restart the pane: ${(error as Error).message}`,
      );
    }
    const restarted: Agent = { ...agent, state: 'starting', stateSince: isoTime(clock) };
    repository.updateAgent(restarted);
    // Told before the decoration's round trips: health watches this pane all along and its new process is drawing
    // now; a start whose prompt health read before the event was taken for a finished turn (attention's AgentStarts).
    bus.emit({ type: 'agent.updated', agent: restarted });
    // Swallowed on purpose: decoration is cosmetic; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
    await decoratePane(restarted, backend, this.deps.status).catch(() => undefined);
    return restarted;
  }
}
