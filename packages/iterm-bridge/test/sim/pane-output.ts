// Set-ups shared by the tests of hostile pane output (session 26).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll } from 'vitest';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { sub } from './helpers';
import { BASH, RawClient } from './raw-client';

export const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The JavaScript heap in use after a full collection. */
export function heapAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** A sim server (bash, screen updates at once) and one raw client for a file's tests (`sim.client` in a test). */
export function simClient(): { client: RawClient } {
  let server: SimServer;
  const sim = {} as { client: RawClient };
  beforeAll(async () => {
    server = await startSimServer({ shell: BASH, screenUpdateIntervalMs: 0 });
    sim.client = await RawClient.connect({ port: server.port });
  });
  afterAll(async () => {
    await sim.client.close();
    await server.close();
  });
  return sim;
}

/** Program output as the API's inject gives it (bytes), in frames under the server's 1 MiB. */
export async function inject(client: RawClient, session: string, text: string): Promise<void> {
  for (let at = 0; at < text.length; at += 512 * 1024)
    sub(
      await client.request({
        case: 'injectRequest',
        value: { sessionId: [session], data: new TextEncoder().encode(text.slice(at, at + 512 * 1024)) },
      }),
      'injectResponse',
    );
}

/** The lines of a session's screen (its text, no scrollback). */
export async function screenLines(client: RawClient, session: string): Promise<string[]> {
  const buffer = sub(
    await client.request({
      case: 'getBufferRequest',
      value: { session, lineRange: { screenContentsOnly: true } },
    }),
    'getBufferResponse',
  );
  return buffer.contents.map((line) => line.text);
}
