/**
 * The port core counts and times through, next to Logger and Clock. Core names its metrics here (one
 * catalog, so the host, the docs and the tests agree on names, help and labels); the host implements
 * the port with a Prometheus registry (`/metrics`). Absent, `noMetrics` makes every call free.
 */
export type MetricLabels = Readonly<Record<string, string>>;

interface MetricDefinition {
  kind: 'counter' | 'histogram' | 'gauge';
  help: string;
  labels: readonly string[];
}

/** Every metric Switchboard exports. Histograms are in seconds, as Prometheus convention asks. */
export const metricCatalog = {
  switchboard_agents: { kind: 'gauge', help: 'Open agents by health state.', labels: ['state'] },
  switchboard_messages_sent_total: {
    kind: 'counter',
    help: 'Message copies committed, by kind (one per recipient).',
    labels: ['kind'],
  },
  switchboard_messages_delivered_total: {
    kind: 'counter',
    help: 'Message copies delivered, by path (receive: read from the inbox; pane: typed).',
    labels: ['via'],
  },
  switchboard_messages_failed_total: {
    kind: 'counter',
    help: 'Message copies whose pane delivery failed.',
    labels: [],
  },
  switchboard_message_delivery_seconds: {
    kind: 'histogram',
    help: 'From send to delivery of a copy, by path.',
    labels: ['via'],
  },
  switchboard_approvals_pending: {
    kind: 'gauge',
    help: 'Approval items waiting for a decision, by kind.',
    labels: ['kind'],
  },
  switchboard_approvals_decided_total: {
    kind: 'counter',
    help: 'Approval items decided, by kind and verdict.',
    labels: ['kind', 'verdict'],
  },
  switchboard_approvals_expired_total: {
    kind: 'counter',
    help: 'Approval items that expired undecided, by kind.',
    labels: ['kind'],
  },
  switchboard_approval_decision_seconds: {
    kind: 'histogram',
    help: 'From request to decision of an approval item, by kind.',
    labels: ['kind'],
  },
  switchboard_locks_held: { kind: 'gauge', help: 'Leases held now, by resource kind.', labels: ['resource'] },
  switchboard_lock_events_total: {
    kind: 'counter',
    help: 'Lease changes, by event (acquired, renewed, released, expired).',
    labels: ['event'],
  },
  switchboard_recovery_steps_total: {
    kind: 'counter',
    help: 'Recovery ladder steps finished, by step and outcome.',
    labels: ['step', 'outcome'],
  },
  switchboard_recoveries_total: {
    kind: 'counter',
    help: 'Recovery episodes that ended with the agent healthy.',
    labels: [],
  },
  switchboard_calls_total: {
    kind: 'counter',
    help: 'Commands called, by transport (mcp, api), command and outcome (ok or the error code).',
    labels: ['transport', 'command', 'outcome'],
  },
  switchboard_call_seconds: {
    kind: 'histogram',
    help: 'Command latency as the transport saw it, by transport and command.',
    labels: ['transport', 'command'],
  },
  switchboard_backend_requests_total: {
    kind: 'counter',
    help: 'Terminal backend requests, by operation and outcome (ok or the error code).',
    labels: ['operation', 'outcome'],
  },
  switchboard_backend_request_seconds: {
    kind: 'histogram',
    help: 'Terminal backend request latency, by operation.',
    labels: ['operation'],
  },
  switchboard_backend_disconnects_total: {
    kind: 'counter',
    help: 'Times the terminal backend connection was lost.',
    labels: [],
  },
  switchboard_backend_reconnects_total: {
    kind: 'counter',
    help: 'Times the terminal backend connection came back.',
    labels: [],
  },
} as const satisfies Record<string, MetricDefinition>;

type Catalog = typeof metricCatalog;
type NamesOf<K extends MetricDefinition['kind']> = {
  [N in keyof Catalog]: Catalog[N]['kind'] extends K ? N : never;
}[keyof Catalog];
export type CounterName = NamesOf<'counter'>;
export type HistogramName = NamesOf<'histogram'>;
export type GaugeName = NamesOf<'gauge'>;
export type MetricName = keyof Catalog;

export interface GaugeReading {
  labels: MetricLabels;
  value: number;
}

export interface Metrics {
  /** Adds `by` (default 1) to a counter. */
  count(name: CounterName, labels?: MetricLabels, by?: number): void;
  /** Records one observation (seconds) in a histogram. */
  observe(name: HistogramName, seconds: number, labels?: MetricLabels): void;
  /** Gives a gauge its reader: called at each scrape, so a gauge costs nothing between scrapes. */
  gauge(name: GaugeName, read: () => readonly GaugeReading[]): void;
}

/** Counts nothing: the default where no metrics sink is given. */
export const noMetrics: Metrics = {
  count: () => undefined,
  observe: () => undefined,
  gauge: () => undefined,
};

/** Seconds since `startMs` (a `performance.now()` reading). */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}
