// A third-party client of the embedded iTerm2-API server (any process of the person's user can open its 0600 socket:
// an agent's shell too) begins a transaction and never ends it. The host's own backend talks to the same server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import WebSocket from 'ws';
import { eventually } from '@switchboard/core/testing';
import { encodeClientMessage, SUBPROTOCOL } from '@switchboard/iterm-bridge/sim';
import { createBackend } from '../../src/backend-factory';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostileClient(socketPath: string): Promise<WebSocket> {
  const socket = new WebSocket(`ws+unix://${socketPath}:/`, [SUBPROTOCOL], {
    headers: { host: 'localhost', origin: 'ws://localhost/', 'x-iterm2-library-version': 'python 2.21' },
    perMessageDeflate: false,
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  cleanups.push(() => socket.terminate());
  return socket;
}

const beginTransaction = (socket: WebSocket) =>
  socket.send(
    encodeClientMessage({ id: 1n, submessage: { case: 'transactionRequest', value: { begin: true } } }),
  );

describe('the embedded server under a client holding a transaction', () => {
  it("the host's own requests are answered: the server ends a transaction held past its bound", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-tx-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { backend } = await createBackend({ kind: 'sim', dataDir });
    cleanups.push(() => backend.close());
    const pane = await backend.createPane({});
    const hostile = await hostileClient(join(dataDir, 'iterm2-sim.sock'));
    const answered = new Promise((resolve) => hostile.once('message', resolve));
    beginTransaction(hostile);
    await answered;
    // Before: queued behind the transaction for as long as it lasts, the request timed out at the client (10 s) and
    // the keys stayed queued, to be typed whenever the holder let go.
    await backend.sendText(pane.id, 'echo typed-$((40+2))\r');
    await eventually(async () => (await backend.readScreen(pane.id)).lines.includes('typed-42'));
  }, 30_000);
});
