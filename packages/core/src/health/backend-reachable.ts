import type { AgentState } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { BackendEvent, TerminalBackend } from '../ports/terminal-backend';
import type { HealthTimings } from './evidence';
import { decideNow, type Watch } from './health-watch';

export type ReachabilityEvent = Extract<
  BackendEvent,
  { type: 'backend.disconnected' | 'backend.reconnected' }
>;

export interface ReachabilityDeps {
  bus: EventBus;
  /** The terminal backend: its name goes in the events, and in the evidence when the event names no remote host. */
  backend: Pick<TerminalBackend, 'name'>;
  timings: HealthTimings;
  /** Decides the watch from its evidence now (the monitor's debounced path). */
  evaluate: (watch: Watch) => void;
  /** Stores and streams a state the watch's tracker has just changed to. */
  publish: (watch: Watch, previous: AgentState) => void;
}

/**
 * The terminal host went away or came back: every agent (of that remote host, when the event names one) reads
 * `unreachable` at once (not its last state); on return the mark is lifted and each agent is decided afresh from
 * a new screen read.
 */
export function noteBackendReachable(
  event: ReachabilityEvent,
  watches: Iterable<Watch>,
  now: number,
  deps: ReachabilityDeps,
): void {
  const host = event.host === undefined ? {} : { host: event.host };
  const backend = deps.backend.name;
  const what = event.host === undefined ? backend : `host ${event.host}`;
  if (event.type === 'backend.disconnected')
    deps.bus.emit({ type: 'backend.disconnected', backend, ...host });
  else
    deps.bus.emit({
      type: 'backend.reconnected',
      backend,
      ...host,
      gapMs: Math.max(0, Math.round(event.gapMs)),
    });
  for (const watch of watches) {
    // A remote host's connection: only its agents.
    if (event.host !== undefined && watch.agent.host !== event.host) continue;
    if (event.type === 'backend.disconnected') {
      watch.evidence.unreachable = { backend: what, at: now };
      deps.evaluate(watch);
    } else if (watch.evidence.unreachable) {
      delete watch.evidence.unreachable;
      const update = watch.tracker.update({ ...decideNow(watch, now, deps.timings), immediate: true }, now);
      if (update.changed) deps.publish(watch, update.previous);
      // The observer reads every screen again after a reconnect.
    }
  }
}
