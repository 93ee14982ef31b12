import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerCaller } from '../http/bearer-caller';
import { plainResponse } from '../http/plain-response';
import type { Caller } from '@switchboard/protocol';
import type { PrometheusMetrics } from './prometheus-metrics';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: the Prometheus text format, for the human's token only (`Authorization: Bearer …`,
 * like every other door of the host; Prometheus reads it from a `credentials_file`). An agent's token
 * is refused: fleet-wide numbers are the human's view, not an agent's.
 */
export async function serveMetrics(
  request: IncomingMessage,
  response: ServerResponse,
  authenticate: (token: string) => Caller | undefined,
  prometheus: PrometheusMetrics,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plainResponse(response, 405, 'Use GET.', { allow: 'GET, HEAD' });
  const caller = bearerCaller(request, response, authenticate, 'human', {
    missing: "The human's token is required (Authorization: Bearer …).",
    otherKind: "Metrics are for the human's token, not an agent's.",
  });
  if (!caller) return;
  const body = await prometheus.render();
  response.writeHead(200, { 'content-type': prometheus.contentType, 'cache-control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : body);
}
