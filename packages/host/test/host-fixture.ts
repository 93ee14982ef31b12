import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '@switchboard/protocol';
import { startHost, type HostConfig } from '../src/index';

export async function startTestHost(config: Partial<HostConfig> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-host-'));
  const host = await startHost({ dataDir, backend: 'memory', ...config });
  return { host, dataDir };
}

export interface UpgradeOutcome {
  status: number;
  body: string;
  socket?: WebSocket;
  inbox?: Inbox;
}

/** Opens the API WebSocket with the given token/headers and reports the HTTP answer. */
export function connect(
  port: number,
  options: { token?: string; origin?: string; host?: string; protocols?: string[] } = {},
): Promise<UpgradeOutcome> {
  const protocols = options.protocols ?? [
    WIRE_SUBPROTOCOL,
    ...(options.token ? [TOKEN_SUBPROTOCOL_PREFIX + options.token] : []),
  ];
  const headers: Record<string, string> = {};
  if (options.host) headers['host'] = options.host;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, protocols, {
    headers,
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const inbox = messages(ws);
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => resolve({ status: 101, body: '', socket: ws, inbox }));
    ws.on('error', () => undefined);
  });
}

export type Inbox = ReturnType<typeof messages>;

/** Collects server messages from the moment the socket exists (the hello may arrive with the upgrade). */
function messages(socket: WebSocket) {
  const received: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    waiters.splice(0).forEach((w) => w());
  });
  return {
    received,
    async next(predicate: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
      for (;;) {
        const found = received.find(predicate);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
