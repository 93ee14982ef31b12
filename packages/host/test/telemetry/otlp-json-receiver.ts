import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** One span as OTLP/JSON encodes it (opentelemetry-proto `trace/v1`, JSON mapping: ids in lower-case hex). */
const OtlpSpan = z.object({
  traceId: z.string().regex(/^[\da-f]{32}$/),
  spanId: z.string().regex(/^[\da-f]{16}$/),
  parentSpanId: z
    .string()
    .regex(/^([\da-f]{16})?$/)
    .optional(),
  name: z.string(),
  startTimeUnixNano: z.union([z.string(), z.number()]),
  endTimeUnixNano: z.union([z.string(), z.number()]),
  attributes: z.array(z.object({ key: z.string(), value: z.record(z.string(), z.unknown()) })).default([]),
  status: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
});
export type OtlpSpan = z.infer<typeof OtlpSpan>;

/** `ExportTraceServiceRequest` in OTLP/JSON. */
const ExportTraceServiceRequest = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z
        .object({
          attributes: z.array(z.object({ key: z.string(), value: z.record(z.string(), z.unknown()) })),
        })
        .optional(),
      scopeSpans: z.array(z.object({ spans: z.array(OtlpSpan) })),
    }),
  ),
});

export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT/v1/traces` */
  readonly url: string;
  readonly spans: OtlpSpan[];
  /** Content types the exporter sent. */
  readonly contentTypes: string[];
  close(): Promise<void>;
}

/**
 * A minimal OTLP/HTTP trace receiver for tests (the OpenTelemetry Collector is not on npm): accepts
 * `POST /v1/traces` with an OTLP/JSON body, validates it against the request's shape, keeps the spans.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      contentTypes.push(request.headers['content-type'] ?? '');
      const parsed =
        request.method === 'POST' && request.url === '/v1/traces'
          ? ExportTraceServiceRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')))
          : undefined;
      if (!parsed?.success) {
        response.writeHead(400).end();
        return;
      }
      for (const resource of parsed.data.resourceSpans)
        for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    contentTypes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
