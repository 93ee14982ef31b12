import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricCatalog, type GaugeReading, type MetricName, type Metrics } from '@switchboard/core';

/** Latency buckets (seconds): from a fast command to an approval that waited an hour. */
const SECONDS_BUCKETS = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600,
];

export interface PrometheusMetrics {
  /** The port core and the host count through. */
  readonly metrics: Metrics;
  /** The Prometheus text exposition of everything counted so far. */
  render(): Promise<string>;
  readonly contentType: string;
}

/**
 * Core's metric catalog as a prom-client registry of its own (never the global one, so two hosts in one
 * process do not mix), plus Node's process metrics (`switchboard_process_*`, `switchboard_nodejs_*`).
 */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
  const counters = new Map<MetricName, Counter>();
  const histograms = new Map<MetricName, Histogram>();
  const readers = new Map<MetricName, () => readonly GaugeReading[]>();
  for (const [name, definition] of Object.entries(metricCatalog) as [
    MetricName,
    (typeof metricCatalog)[MetricName],
  ][]) {
    const common = { name, help: definition.help, labelNames: [...definition.labels], registers: [registry] };
    if (definition.kind === 'counter') counters.set(name, new Counter(common));
    else if (definition.kind === 'histogram')
      histograms.set(name, new Histogram({ ...common, buckets: SECONDS_BUCKETS }));
    else {
      new Gauge({
        ...common,
        collect() {
          this.reset();
          for (const reading of readers.get(name)?.() ?? []) this.set(reading.labels, reading.value);
        },
      });
    }
  }
  return {
    metrics: {
      count: (name, labels = {}, by = 1) => counters.get(name)?.inc(labels, by),
      observe: (name, seconds, labels = {}) => histograms.get(name)?.observe(labels, seconds),
      gauge: (name, read) => void readers.set(name, read),
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
