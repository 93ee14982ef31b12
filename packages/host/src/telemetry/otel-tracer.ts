import type { Context, Span } from '@opentelemetry/api';
import type { ActiveSpan, SpanAttributes, Tracer } from '@switchboard/core';

// The OpenTelemetry SDK is loaded only by a host that exports traces (createOtelTracing): loading it cost every
// host, with or without an OTLP endpoint, ~0.23 CPU-seconds of its start (docs/performance.md, "Test runners",
// session 12). Only types are imported here.
export interface OtelTracing {
  tracer: Tracer;
  /** Sends what is still buffered and stops (the host is closing). */
  shutdown(): Promise<void>;
}

/**
 * Where traces go: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the full URL), else `OTEL_EXPORTER_OTLP_ENDPOINT`
 * + `/v1/traces`, as the OpenTelemetry spec reads them; undefined (tracing off) when neither is set.
 */
export function otlpTracesUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) return env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

const getter = {
  get: (carrier: Record<string, string>, key: string) => carrier[key],
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
};
const setter = {
  set: (carrier: Record<string, string>, key: string, value: string) => void (carrier[key] = value),
};

/**
 * Core's Tracer port over the OpenTelemetry SDK, exporting OTLP/HTTP (JSON) in batches. The provider is
 * this host's own (not registered globally, so two hosts in one process keep their spans apart); the
 * async context manager is process-wide, as OpenTelemetry's API has only one.
 */
export async function createOtelTracing(url: string, serviceName = 'switchboard'): Promise<OtelTracing> {
  const [
    { ROOT_CONTEXT, SpanStatusCode, context },
    { AsyncLocalStorageContextManager },
    { W3CTraceContextPropagator },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { BatchSpanProcessor, NodeTracerProvider },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
  const propagator = new W3CTraceContextPropagator();
  const parentContext = (traceparent: string): Context =>
    propagator.extract(ROOT_CONTEXT, { traceparent }, getter);
  const failSpan = (span: Span, error: unknown): void => {
    const name = error instanceof Error ? error.name : 'Error';
    const code =
      typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
    span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? name });
    span.setAttribute('error.type', code ?? name);
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 1000 })],
  });
  const otel = provider.getTracer('switchboard');

  const end = (span: Span, error?: unknown) => {
    if (error !== undefined) failSpan(span, error);
    span.end();
  };
  const tracer: Tracer = {
    enabled: true,
    span<T>(name: string, attributes: SpanAttributes, work: (span: ActiveSpan) => T): T {
      return otel.startActiveSpan(name, { attributes }, (span) => {
        const active: ActiveSpan = {
          setAttribute: (key, value) => void span.setAttribute(key, value),
          fail: (error) => failSpan(span, error),
        };
        let result: T;
        try {
          result = work(active);
        } catch (error) {
          end(span, error);
          throw error;
        }
        if (!(result instanceof Promise)) {
          end(span);
          return result;
        }
        return result.then(
          (value: unknown) => {
            end(span);
            return value;
          },
          (error: unknown) => {
            end(span, error);
            throw error;
          },
        ) as T;
      });
    },
    traceparent() {
      const carrier: Record<string, string> = {};
      propagator.inject(context.active(), carrier, setter);
      return carrier['traceparent'];
    },
    withParent<T>(traceparent: string | undefined, work: () => T): T {
      if (!traceparent) return work();
      return context.with(parentContext(traceparent), work);
    },
    record(name, timing, attributes) {
      const parent = timing.traceparent ? parentContext(timing.traceparent) : ROOT_CONTEXT;
      otel.startSpan(name, { attributes, startTime: timing.startMs }, parent).end(timing.endMs);
    },
  };
  return {
    tracer,
    async shutdown() {
      await provider.shutdown();
    },
  };
}
