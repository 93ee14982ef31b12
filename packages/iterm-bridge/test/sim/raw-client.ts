import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import WebSocket from 'ws';
import {
  ClientOriginatedMessageSchema,
  ServerOriginatedMessageSchema,
  type Notification,
  type ServerOriginatedMessage,
} from '../../src/gen/api_pb';

/** Headers the Python library 2.21 sends (§1.1, observed), minus the WebSocket ones `ws` adds. */
export const PYTHON_HEADERS: Record<string, string> = {
  origin: 'ws://localhost/',
  'x-iterm2-library-version': 'python 2.21',
  'x-iterm2-disable-auth-ui': 'true',
  'x-iterm2-advisory-name': 'golden.py',
};

export type Logged =
  | { kind: 'response'; id: bigint; message: ServerOriginatedMessage }
  | { kind: 'notification'; notification: Notification };

/**
 * A minimal test-only iTerm2 API client: raw frames in, decoded messages out, responses matched by
 * id, every message kept in arrival order so tests can check ordering. Not a general client.
 */
export class RawClient {
  readonly log: Logged[] = [];
  private readonly waiters: { match: (m: Logged) => boolean; resolve: (m: Logged) => void }[] = [];
  private nextId = 0n;
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      const message = fromBinary(ServerOriginatedMessageSchema, new Uint8Array(data));
      const entry: Logged =
        message.submessage.case === 'notification' && message.id === 0n && !hasId(data)
          ? { kind: 'notification', notification: message.submessage.value }
          : { kind: 'response', id: message.id, message };
      this.log.push(entry);
      for (const w of [...this.waiters]) {
        if (w.match(entry)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(entry);
        }
      }
    });
    socket.on('close', () => (this.closed = true));
  }

  static async connect(
    target: { port?: number; unixPath?: string },
    headers: Record<string, string> = PYTHON_HEADERS,
  ): Promise<RawClient> {
    const url = target.unixPath ? `ws+unix://${target.unixPath}:/` : `ws://127.0.0.1:${target.port}/`;
    const socket = new WebSocket(url, ['api.iterm2.com'], {
      headers: { host: 'localhost', ...headers },
      perMessageDeflate: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new RawClient(socket);
  }

  /** Sends bytes as one binary frame. */
  sendRaw(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true });
  }

  /**
   * Sends raw request bytes whose id is `id` and waits for the response carrying it. 30 s: an answer's time
   * is never the claim here, and the server emulating a megabyte of escapes took over 10 s on CI's loaded
   * 2 cores (requests.test's get_buffer over TCP failed once on the first try).
   */
  async call(bytes: Uint8Array, id: bigint, timeoutMs = 30_000): Promise<ServerOriginatedMessage> {
    const reply = this.waitFor((m) => m.kind === 'response' && m.id === id, timeoutMs);
    this.sendRaw(bytes);
    return ((await reply) as Extract<Logged, { kind: 'response' }>).message;
  }

  /** Builds a request with the generated module (for non-golden tests) and waits for its answer. */
  async request(
    submessage: MessageInitShape<typeof ClientOriginatedMessageSchema>['submessage'],
  ): Promise<ServerOriginatedMessage> {
    const id = this.nextId++;
    return this.call(
      toBinary(ClientOriginatedMessageSchema, create(ClientOriginatedMessageSchema, { id, submessage })),
      id,
    );
  }

  /** Resolves with the first logged message (past or future) matching `match`. */
  waitFor(match: (m: Logged) => boolean, timeoutMs = 10_000): Promise<Logged> {
    const seen = this.log.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  notifications(): Notification[] {
    return this.log.flatMap((m) => (m.kind === 'notification' ? [m.notification] : []));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** True when the frame carries field 1 (id): the only way to tell "id 0" from "no id". */
function hasId(data: Buffer): boolean {
  return data[0] === 0x08;
}

/** Resolves once `check` returns true (polling); for state that arrives asynchronously from a pty. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const BASH = {
  file: '/bin/bash',
  args: ['--norc', '--noprofile'],
  env: { PS1: '$ ', HISTFILE: '/dev/null' },
};
