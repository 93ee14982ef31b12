// A UI client (/api WebSocket, the person's token) that stops reading while its calls' answers keep coming: the host
// holds at most MAX_BUFFERED_BYTES of its output, then closes it (4408), instead of buffering without end.
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { eventually } from '@switchboard/core/testing';
import { CLOSE_TOO_SLOW, MAX_BUFFERED_BYTES } from '../../src/api/websocket-api';
import { connect, startTestHost } from '../host-fixture';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a /api client that stops reading', () => {
  it(`is closed with ${CLOSE_TOO_SLOW} once its unread output passes ${MAX_BUFFERED_BYTES} bytes`, async () => {
    const { host } = await startTestHost();
    cleanups.push(() => host.close());
    const value = 'v'.repeat(60_000);
    await host.orchestrator.invoke(humanCaller, 'memory.put', { namespace: 'global', key: 'big', value });
    const token = new URL(host.uiUrl).hash.slice('#token='.length);
    const { socket, inbox } = await connect(host.port, { token });
    cleanups.push(() => socket!.terminate());
    let closeCode: number | undefined;
    socket!.on('close', (code) => (closeCode = code));
    await inbox!.next((m) => m['type'] === 'hello');
    // The client's read side stops; what it writes still reaches the host.
    const stream = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    stream.pause();
    // 1,000 answers of ~60 KB: ~60 MB, far past the bound and the kernel's socket buffers.
    for (let id = 1; id <= 1_000; id++) {
      socket!.send(
        JSON.stringify({ type: 'call', id, name: 'memory.get', input: { namespace: 'global', key: 'big' } }),
      );
      if (id % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Last, a call the test can see done: the ones before it have been answered (or dropped once the socket closed).
    socket!.send(
      JSON.stringify({
        type: 'call',
        id: 1_001,
        name: 'memory.put',
        input: { namespace: 'global', key: 'done', value: 'yes' },
      }),
    );
    await eventually(async () => {
      const { entries } = (await host.orchestrator.invoke(humanCaller, 'memory.list', {
        namespace: 'global',
      })) as { entries: { key: string }[] };
      return entries.some((entry) => entry.key === 'done');
    }, 30_000);
    stream.resume();
    await eventually(() => closeCode !== undefined, 30_000);
    expect(closeCode).toBe(CLOSE_TOO_SLOW);
    const answers = inbox!.received.filter((m) => m['type'] === 'result').length;
    expect(answers).toBeGreaterThan(0);
    expect(answers * value.length).toBeLessThan(MAX_BUFFERED_BYTES + 16 * 1024 * 1024);
  }, 60_000);
});
