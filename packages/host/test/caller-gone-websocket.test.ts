// The human's API WebSocket closed while a call waits (a tab closed mid long-poll): the call ends at once, its slot
// free, and a message sent after waits for the next receive (before session 23 the receive waited its 600 s).
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { HUMAN_INBOX, humanCaller } from '@switchboard/protocol';
import type { Host } from '../src/index';
import { connect, startTestHost } from './host-fixture';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('a call on the API WebSocket whose connection closed', { timeout: 60_000 }, () => {
  it('message.receive on the human inbox ends at once and takes nothing', async () => {
    ({ host } = await startTestHost());
    const h = host;
    const waiting = () => h.orchestrator.messages.waitingReceives(HUMAN_INBOX);
    // More waits on one connection than Node's 10 listeners a signal before it warns of a leak.
    const waits = 12;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { socket } = await connect(h.port, { token: h.token, origin: h.url });
      for (let id = 1; id <= waits; id++)
        socket!.send(JSON.stringify({ type: 'call', id, name: 'message.receive', input: { wait: 600 } }));
      await eventually(() => waiting() === waits, 50_000, 'the receives waiting');
      socket!.terminate();
      // The host sees the close a moment after the client: wait for the fact (bounded by the test's timeout).
      await eventually(() => waiting() === 0, 50_000, 'the receives gone');
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    const { agent } = await h.orchestrator.fleet.spawn({ name: 'writer', kind: 'shell', role: 'builder' });
    await h.orchestrator.invoke({ kind: 'agent', id: agent.id }, 'message.send', {
      to: { human: true },
      body: 'for the next tab',
    });
    const next = (await h.orchestrator.invoke(humanCaller, 'message.receive', { wait: 5 })) as {
      messages: { body: string }[];
    };
    expect(next.messages.map((m) => m.body)).toEqual(['for the next tab']);
  });
});
