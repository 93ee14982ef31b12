import type { SwitchboardEvent } from '@switchboard/protocol';
import type { Metrics } from '../ports/metrics';
import type { Tracer } from '../ports/tracer';
import type { Store } from '../store/store';
import { recordApprovalSpans } from './approval-spans';
import { recordFleetMetrics } from './fleet-metrics';

export interface CoreTelemetryDeps {
  /** Absent: no metrics are kept (nothing subscribes to the bus for them). */
  metrics: Metrics | undefined;
  tracer: Tracer;
  store: Store;
  subscribe(listener: (event: SwitchboardEvent) => void): () => void;
  now(): number;
  /** Open agents' current health states (one entry per agent). */
  agentStates(): readonly string[];
}

/** The fleet's metrics and the approvals' spans, each only when its sink is there. Returns the stop. */
export function startCoreTelemetry(deps: CoreTelemetryDeps): () => void {
  const { metrics, tracer, store, subscribe, now, agentStates } = deps;
  const stopMetrics = metrics
    ? recordFleetMetrics({ metrics, store, subscribe, now, agentStates })
    : () => undefined;
  const stopSpans = tracer.enabled ? recordApprovalSpans(tracer, store, subscribe, now) : () => undefined;
  return () => {
    stopMetrics();
    stopSpans();
  };
}
