import type { Agent, AgentState, HealthTransition } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import type { HealthHistory } from './health-history';
import { healthOf, type Watch } from './health-watch';

export interface HealthPublishDeps {
  store: Store;
  fleet: FleetService;
  backend: TerminalBackend;
  bus: EventBus;
  history: HealthHistory;
  /** Called once the state is stored, before the events go out (heartbeat thresholds follow the state). */
  stored(agentId: string, state: AgentState): void;
}

/**
 * A new state for the watched agent: stored with its transition (one transaction), shown on the pane's
 * badge and streamed as `agent.updated` + `health.state_changed`. Returns the updated agent, or
 * undefined when the watch is stale (the agent is gone or was relaunched in another pane).
 */
export function publishHealth(
  deps: HealthPublishDeps,
  watch: Watch,
  previous: AgentState,
): Agent | undefined {
  const health = healthOf(watch);
  const stored = deps.fleet.repository.findAgent(watch.agent.id);
  // Relaunched in another pane meanwhile (agent.restart): this watch's evidence is about a process that is gone.
  if (!stored || stored.paneId !== watch.agent.paneId) return undefined;
  const agent: Agent = { ...stored, state: health.state, stateSince: health.since };
  const transition: HealthTransition = {
    state: health.state,
    since: health.since,
    confidence: health.confidence,
    unsure: health.unsure,
    signals: health.signals,
  };
  deps.store.transaction(() => {
    deps.fleet.repository.updateAgentState(agent);
    deps.history.append(agent.id, transition);
  });
  watch.agent = agent;
  // The pane's badge and tab colour follow on agent.updated (terminal-status); "?" marks a state judged unsure.
  deps.fleet.status.noteConfidence(agent.id, health.state, health.unsure);
  deps.stored(agent.id, health.state);
  deps.bus.emit({ type: 'agent.updated', agent });
  deps.bus.emit({ type: 'health.state_changed', agentId: agent.id, previous, health });
  return agent;
}
