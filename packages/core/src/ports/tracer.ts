/**
 * The port core traces through (OpenTelemetry in the host, `noTracer` otherwise: free when off). A span
 * is the time one piece of work took, a child of whatever span is current when it starts; the current
 * span follows async work by itself. `traceparent` (W3C) is how a trace crosses a queue or a restart:
 * take it where the work is asked for, give it back with `withParent` where the work is done.
 */
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

export interface ActiveSpan {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Marks the span failed (its status and the error's name and message; never a payload). */
  fail(error: unknown): void;
}

export interface Tracer {
  /** False for `noTracer`: callers may skip building attributes. */
  readonly enabled: boolean;
  /** Runs `work` in a new span, ended when `work` returns or its promise settles (failed if it throws or rejects). */
  span<T>(name: string, attributes: SpanAttributes, work: (span: ActiveSpan) => T): T;
  /** The current span as a W3C `traceparent` header value, if there is one. */
  traceparent(): string | undefined;
  /** Runs `work` with `traceparent`'s span as the current parent (as is when it is absent or malformed). */
  withParent<T>(traceparent: string | undefined, work: () => T): T;
  /** Records a span that already happened (e.g. an approval from request to decision) under `traceparent`. */
  record(
    name: string,
    timing: { traceparent: string | undefined; startMs: number; endMs: number },
    attributes: SpanAttributes,
  ): void;
}

const idleSpan: ActiveSpan = { setAttribute: () => undefined, fail: () => undefined };

/** Traces nothing, at the cost of a function call. */
export const noTracer: Tracer = {
  enabled: false,
  span: (_name, _attributes, work) => work(idleSpan),
  traceparent: () => undefined,
  withParent: (_traceparent, work) => work(),
  record: () => undefined,
};

/** The trace id inside a W3C traceparent (`00-<trace id>-<span id>-<flags>`), or undefined. */
export function traceIdOf(traceparent: string | null | undefined): string | undefined {
  const match = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent ?? '');
  return match?.[1];
}
