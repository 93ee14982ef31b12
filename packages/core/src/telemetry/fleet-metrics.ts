import type { SwitchboardEvent } from '@switchboard/protocol';
import { ApprovalRepository } from '../approvals/approval-repository';
import { LockRepository } from '../locks/lock-repository';
import type { Store } from '../store/store';
import type { GaugeReading, Metrics } from '../ports/metrics';

export interface FleetMetricsDeps {
  metrics: Metrics;
  store: Store;
  subscribe(listener: (event: SwitchboardEvent) => void): () => void;
  /** Open agents' current health states (one entry per agent). */
  agentStates(): readonly string[];
  /** The clock's now (ms): a lease past its expiry is not held. */
  now(): number;
}

/**
 * The fleet's metrics, read off the event bus (counters and histograms) and off the store at scrape
 * time (gauges, through the owning domains' repositories), so no domain service carries metrics code of its own. Returns the unsubscribe.
 */
export function recordFleetMetrics(deps: FleetMetricsDeps): () => void {
  const { metrics, store } = deps;
  metrics.gauge('switchboard_agents', () =>
    tally(deps.agentStates()).map(([state, value]) => ({ labels: { state }, value })),
  );
  const approvals = new ApprovalRepository(store);
  metrics.gauge('switchboard_approvals_pending', () =>
    approvals.pendingByKind().map(({ kind, value }) => ({ labels: { kind }, value })),
  );
  const locks = new LockRepository(store);
  metrics.gauge('switchboard_locks_held', (): GaugeReading[] =>
    locks.heldByKind(deps.now()).map(({ kind, value }) => ({ labels: { resource: kind }, value })),
  );
  return deps.subscribe((event) => countEvent(metrics, event));
}

function countEvent(metrics: Metrics, event: SwitchboardEvent): void {
  switch (event.type) {
    case 'message.sent':
      return metrics.count(
        'switchboard_messages_sent_total',
        { kind: event.kind },
        event.recipientIds.length,
      );
    case 'message.delivered':
      metrics.count('switchboard_messages_delivered_total', { via: event.via });
      return metrics.observe('switchboard_message_delivery_seconds', event.latencyMs / 1000, {
        via: event.via,
      });
    case 'message.delivery_failed':
      return metrics.count('switchboard_messages_failed_total');
    case 'approval.decided': {
      const { kind, decision, createdAt } = event.approval;
      metrics.count('switchboard_approvals_decided_total', { kind, verdict: decision?.verdict ?? 'unknown' });
      if (decision)
        metrics.observe(
          'switchboard_approval_decision_seconds',
          Math.max(0, Date.parse(decision.decidedAt) - Date.parse(createdAt)) / 1000,
          { kind },
        );
      return;
    }
    case 'approval.expired':
      return metrics.count('switchboard_approvals_expired_total', { kind: event.approval.kind });
    case 'lock.acquired':
    case 'lock.renewed':
    case 'lock.released':
    case 'lock.expired':
      return metrics.count('switchboard_lock_events_total', { event: event.type.slice('lock.'.length) });
    case 'recovery.step_finished':
      return metrics.count('switchboard_recovery_steps_total', {
        step: event.step,
        outcome: event.entry.outcome,
      });
    case 'recovery.recovered':
      return metrics.count('switchboard_recoveries_total');
    case 'backend.disconnected':
      return metrics.count('switchboard_backend_disconnects_total');
    case 'backend.reconnected':
      return metrics.count('switchboard_backend_reconnects_total');
    default:
      return undefined;
  }
}

function tally(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts];
}
