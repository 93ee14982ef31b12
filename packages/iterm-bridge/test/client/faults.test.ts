import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import type { BackendEvent } from '@switchboard/core';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { ITerm2Backend } from '../../src/backend';
import { defaultAuth, staticAuth, type ITerm2Credentials } from '../../src/client/auth';
import { ITerm2Client } from '../../src/client/client';
import {
  ITerm2DisconnectedError,
  ITerm2Error,
  ITerm2HandshakeError,
  ITerm2TimeoutError,
} from '../../src/client/errors';
import { TEST_SHELL } from '../backend/sim-backend';
import { FakeITerm2Server, requestId, withId } from './fake-server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const tempSocket = () => {
  const folder = mkdtempSync(join(tmpdir(), 'sb-faults-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return join(folder, 'socket');
};

describe('faults: the server dies and comes back', () => {
  it('fails in-flight requests with a typed error, reports the outage, reconnects, re-subscribes', async () => {
    const socketPath = tempSocket();
    let server: SimServer = await startSimServer({ unixPath: socketPath, shell: TEST_SHELL });
    cleanups.push(() => server.close());
    const backend = await ITerm2Backend.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    cleanups.push(() => backend.close());
    const events: BackendEvent[] = [];
    backend.onEvent((e) => events.push(e));
    const pane = await backend.createPane({});

    // A stream of requests in flight when the server goes away.
    const inFlight = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? backend.readScreen(pane.id) : backend.sendText(pane.id, `echo ${i}\r`),
    );
    await server.close();
    const outcomes = await Promise.allSettled(inFlight);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ITerm2Error);
    expect(outcomes.some((o) => o.status === 'rejected' && o.reason instanceof ITerm2DisconnectedError)).toBe(
      true,
    );
    await eventually(
      () => events.some((e) => e.type === 'backend.disconnected'),
      5_000,
      'backend.disconnected',
    );
    // During the outage calls fail at once, typed, instead of waiting.
    await expect(backend.listPanes()).rejects.toMatchObject({ code: 'unavailable' });

    server = await startSimServer({ unixPath: socketPath, shell: TEST_SHELL });
    const reconnected = await eventually(
      () => events.find((e) => e.type === 'backend.reconnected'),
      10_000,
      'backend.reconnected',
    );
    expect(reconnected.type === 'backend.reconnected' && reconnected.gapMs).toBeGreaterThan(0);
    // The old server's pane is gone: reported closed. New panes and their output are reported again,
    // which needs the subscriptions to have been re-sent.
    await eventually(
      () => events.some((e) => e.type === 'pane.closed' && e.paneId === pane.id),
      5_000,
      'pane.closed of the lost pane',
    );
    const fresh = await backend.createPane({});
    await eventually(
      () => events.some((e) => e.type === 'pane.created' && e.pane.id === fresh.id),
      5_000,
      'pane.created',
    );
    await backend.sendText(fresh.id, 'echo back-again\r');
    await eventually(
      () => events.some((e) => e.type === 'pane.output' && e.paneId === fresh.id),
      5_000,
      'pane.output after reconnect',
    );
    await eventually(
      () =>
        events.some((e) => e.type === 'layout.changed' && events.indexOf(e) > events.indexOf(reconnected)),
      5_000,
      'layout.changed after reconnect',
    );
  });

  it('without reconnect, a lost connection stays lost and every call fails fast', async () => {
    const socketPath = tempSocket();
    const server = await startSimServer({ unixPath: socketPath, shell: TEST_SHELL });
    const client = await ITerm2Client.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      reconnect: false,
    });
    cleanups.push(() => client.close());
    const lost = new Promise((resolve) => client.onDidDisconnect(resolve));
    await server.close();
    await lost;
    await expect(client.call('listSessionsRequest', {})).rejects.toBeInstanceOf(ITerm2DisconnectedError);
  });
});

describe('faults: a server that answers garbage', () => {
  const connect = async (answer: FakeITerm2Server['answer']) => {
    const server = await FakeITerm2Server.start();
    cleanups.push(() => server.close());
    server.answer = answer;
    const client = await ITerm2Client.connect({
      endpoint: { socketPath: server.socketPath },
      auth: staticAuth({}),
      reconnect: false,
      requestTimeoutMs: 300,
    });
    cleanups.push(() => client.close());
    return { server, client };
  };

  it('random bytes, text frames, truncated and wrong answers: typed errors, no crash, still usable', async () => {
    let round = 0;
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const { client } = await connect((frame, socket) => {
      const id = requestId(frame);
      switch (round++ % 6) {
        case 0:
          socket.send(
            Buffer.from(
              Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256)),
            ),
          );
          break;
        case 1:
          socket.send('not a protobuf', { binary: false });
          break;
        case 2:
          socket.send(withId(id, 'd206ff'));
          break; // length runs past the end
        case 3:
          socket.send(withId(id, 'ba0602'));
          break; // notification_response with a truncated body
        case 4:
          socket.send(withId(id + 1000n, 'd20600'));
          break; // an answer to nobody
        case 5:
          socket.send(withId(id, 'd20600'));
          break; // a good answer
      }
    });
    const garbage: string[] = [];
    client.onDidReceiveGarbage(({ problem }) => garbage.push(problem));
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () => client.call('listSessionsRequest', {})),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBeGreaterThanOrEqual(10);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ITerm2Error);
    expect(results.some((r) => r.status === 'rejected' && r.reason instanceof ITerm2TimeoutError)).toBe(true);
    expect(results.some((r) => r.status === 'rejected' && r.reason.name === 'ITerm2ProtocolError')).toBe(
      true,
    );
    expect(garbage.length).toBeGreaterThan(0);
    expect(client.connected).toBe(true);
  });

  it('a server that never answers: the request times out, typed, and nothing stays pending', async () => {
    const { client } = await connect(() => undefined);
    await expect(client.call('listSessionsRequest', {}, { timeoutMs: 100 })).rejects.toMatchObject({
      name: 'ITerm2TimeoutError',
      code: 'timeout',
    });
  });
});

describe('faults: the handshake', () => {
  const refusing = async (statusLine: string) => {
    const socketPath = tempSocket();
    const server = createServer((socket) => socket.once('data', () => socket.end(`${statusLine}\r\n\r\n`)));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return socketPath;
  };

  it('401 asks for fresh credentials once, then gives up with a typed error', async () => {
    const socketPath = await refusing('HTTP/1.1 401 Unauthorized');
    const asked: boolean[] = [];
    const auth = {
      credentials: async (fresh: boolean): Promise<ITerm2Credentials> => (asked.push(fresh), { cookie: 'c' }),
    };
    const error = await ITerm2Client.connect({ endpoint: { socketPath }, auth, reconnect: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ITerm2HandshakeError);
    expect(error).toMatchObject({ httpStatus: 401, code: 'forbidden' });
    expect(asked).toEqual([false, true]);
  });

  it('401 then a fresh single-use cookie gets in (embedded server requiring cookies)', async () => {
    const socketPath = tempSocket();
    const server = await startSimServer({ unixPath: socketPath, cookie: true, shell: TEST_SHELL });
    cleanups.push(() => server.close());
    const auth = {
      credentials: async (fresh: boolean): Promise<ITerm2Credentials> =>
        fresh ? server.issueCookie(false) : { cookie: '0'.repeat(32) },
    };
    const client = await ITerm2Client.connect({ endpoint: { socketPath }, auth, reconnect: false });
    cleanups.push(() => client.close());
    expect((await client.call('listSessionsRequest', {})).windows).toEqual([]);
  });

  it('406 and a missing socket are typed errors that say what to do', async () => {
    const socketPath = await refusing('HTTP/1.1 406 Unacceptable (upgrade Python library)');
    await expect(
      ITerm2Client.connect({ endpoint: { socketPath }, auth: staticAuth({}), reconnect: false }),
    ).rejects.toMatchObject({ httpStatus: 406, code: 'unavailable' });
    await expect(
      ITerm2Client.connect({
        endpoint: { socketPath: tempSocket() },
        auth: staticAuth({}),
        reconnect: false,
      }),
    ).rejects.toThrow(/Enable Python API/);
  });
});

describe('auth: cookie and key', () => {
  it('reads ITERM2_COOKIE/ITERM2_KEY once and removes them from the environment', async () => {
    const env: NodeJS.ProcessEnv = { ITERM2_COOKIE: 'abc', ITERM2_KEY: 'k-1' };
    const auth = defaultAuth({ env, platform: 'linux' });
    expect(env['ITERM2_COOKIE']).toBeUndefined();
    expect(env['ITERM2_KEY']).toBeUndefined();
    expect(await auth.credentials(false)).toEqual({ cookie: 'abc', key: 'k-1' });
  });

  it('on macOS asks iTerm2 by AppleScript after the environment cookie is used or refused', async () => {
    const scripts: string[] = [];
    const auth = defaultAuth({
      env: { ITERM2_COOKIE: 'old' },
      platform: 'darwin',
      appName: 'Switch"board',
      runAppleScript: async (s) => (scripts.push(s), 'c0ffee k-2\n'),
    });
    expect(await auth.credentials(false)).toEqual({ cookie: 'old' });
    expect(await auth.credentials(true)).toEqual({ cookie: 'c0ffee', key: 'k-2' });
    expect(scripts).toEqual([
      'tell application "iTerm2" to request cookie and key for app named "Switch\\"board"',
    ]);
  });

  it('off macOS without a cookie sends none', async () => {
    expect(await defaultAuth({ env: {}, platform: 'linux' }).credentials(true)).toEqual({});
  });
});
