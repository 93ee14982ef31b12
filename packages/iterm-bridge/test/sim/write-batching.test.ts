import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotificationType } from '../../src/gen/api_pb';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { newWindow } from './helpers';
import { BASH, eventually, RawClient } from './raw-client';

type WriteMethod = (this: Socket & { server?: unknown }, ...args: unknown[]) => unknown;

/** Counts the writes (each `_write` or `_writev`: one system call) on the server's side of its sockets during `during`. */
async function serverWrites(during: () => Promise<void>): Promise<number> {
  const proto = Socket.prototype as unknown as Record<'_write' | '_writev', WriteMethod>;
  const originals = { _write: proto._write, _writev: proto._writev };
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    const original = originals[name];
    proto[name] = function (...args) {
      if (this.server) writes++; // an accepted socket: the server's end
      return original.apply(this, args);
    };
  }
  try {
    await during();
  } finally {
    Object.assign(proto, originals);
  }
  return writes;
}

describe('the server writes what one event-loop turn sends together', () => {
  let server: SimServer | undefined;
  let client: RawClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('closing 20 sessions at once: 20 TerminateSession notifications, the answer and the layout change in a few writes', async () => {
    server = await startSimServer({ shell: BASH });
    client = await RawClient.connect({ port: server.port });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await newWindow(client)).sessionId);
    for (const notificationType of [
      NotificationType.NOTIFY_ON_TERMINATE_SESSION,
      NotificationType.NOTIFY_ON_LAYOUT_CHANGE,
    ])
      await client.request({
        case: 'notificationRequest',
        value: { session: 'all', subscribe: true, notificationType },
      });
    const heard = (what: 'terminateSessionNotification' | 'layoutChangedNotification') =>
      client!.notifications().filter((n) => n[what] !== undefined).length;
    const writes = await serverWrites(async () => {
      await client!.request({
        case: 'closeRequest',
        value: { target: { case: 'sessions', value: { sessionIds: ids } }, force: true },
      });
      await eventually(
        () => heard('terminateSessionNotification') === 20 && heard('layoutChangedNotification') > 0,
      );
    });
    // One write per frame was 22 (20 notifications, the answer, the listing); now the turn's frames leave together
    // and the listing, sent in the turn after, in one more.
    expect(writes).toBeLessThanOrEqual(3);
    // In order: every notification before the answer, as they were sent.
    const answerAt = client.log.findIndex(
      (entry) => entry.kind === 'response' && entry.message.submessage.case === 'closeResponse',
    );
    const lastTerminate = client.log.findLastIndex(
      (entry) =>
        entry.kind === 'notification' && entry.notification.terminateSessionNotification !== undefined,
    );
    expect(lastTerminate).toBeLessThan(answerAt);
  });
});
