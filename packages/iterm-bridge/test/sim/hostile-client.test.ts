// A client of the embedded server asking for work or memory out of proportion to its request (session 25's audit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationResponse_Status, NotificationType, VariableScope } from '../../src/gen/api_pb';
import {
  MAX_RPC_REGISTRATION_BYTES,
  MAX_RPC_REGISTRATIONS_PER_CONNECTION,
  MAX_VARIABLE_MONITORS_PER_CONNECTION,
  MAX_VARIABLE_NAME_LENGTH,
} from '../../src/sim/requests/notification';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { newWindow, sub } from './helpers';
import { BASH, RawClient } from './raw-client';

let server: SimServer;
beforeAll(async () => {
  server = await startSimServer({ shell: BASH });
});
afterAll(() => server.close());

const monitor = (client: RawClient, name: string) =>
  client
    .request({
      case: 'notificationRequest',
      value: {
        subscribe: true,
        notificationType: NotificationType.NOTIFY_ON_VARIABLE_CHANGE,
        arguments: {
          case: 'variableMonitorRequest',
          value: { scope: VariableScope.APP, identifier: '', name },
        },
      },
    })
    .then((r) => sub(r, 'notificationResponse').status);

const register = (client: RawClient, name: string, displayName = '') =>
  client
    .request({
      case: 'notificationRequest',
      value: {
        subscribe: true,
        notificationType: NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC,
        arguments: { case: 'rpcRegistrationRequest', value: { name, arguments: [], displayName } },
      },
    })
    .then((r) => sub(r, 'notificationResponse').status);

describe('the embedded server under a hostile client', () => {
  it('injects into a session once however often a request names it (all × 1,000); one status per id as before', async () => {
    const client = await RawClient.connect({ port: server.port });
    const w = await newWindow(client);
    const answer = await client.request({
      case: 'injectRequest',
      value: {
        sessionId: [w.sessionId, ...Array.from({ length: 1_000 }, () => 'all'), 'nope'],
        data: new TextEncoder().encode(' Q7 '),
      },
    });
    const statuses = sub(answer, 'injectResponse').status;
    expect(statuses).toHaveLength(1_002);
    expect(statuses.at(-1)).toBe(1); // SESSION_NOT_FOUND
    const screen = sub(
      await client.request({
        case: 'getBufferRequest',
        value: { session: w.sessionId, lineRange: { screenContentsOnly: true } },
      }),
      'getBufferResponse',
    );
    // Before: the bytes went in once per id naming the session, 1,001 times (an 11 s stall at 150,000 ids).
    expect(
      screen.contents
        .map((line) => line.text)
        .join('')
        .match(/Q7/g),
    ).toHaveLength(1);
    await client.close();
  });

  it(`keeps at most ${MAX_VARIABLE_MONITORS_PER_CONNECTION} variable monitors a connection, of names up to ${MAX_VARIABLE_NAME_LENGTH} characters`, async () => {
    const client = await RawClient.connect({ port: server.port });
    expect(await monitor(client, 'x'.repeat(MAX_VARIABLE_NAME_LENGTH))).toBe(NotificationResponse_Status.OK);
    expect(await monitor(client, 'y'.repeat(MAX_VARIABLE_NAME_LENGTH + 1))).toBe(
      NotificationResponse_Status.REQUEST_MALFORMED,
    );
    const answers = await Promise.all(
      Array.from({ length: MAX_VARIABLE_MONITORS_PER_CONNECTION }, (_, i) => monitor(client, `v${i}`)),
    );
    expect(answers.filter((s) => s === NotificationResponse_Status.OK)).toHaveLength(
      MAX_VARIABLE_MONITORS_PER_CONNECTION - 1,
    );
    expect(answers.at(-1)).toBe(NotificationResponse_Status.REQUEST_MALFORMED);
    // Another connection has its own.
    const other = await RawClient.connect({ port: server.port });
    expect(await monitor(other, 'v0')).toBe(NotificationResponse_Status.OK);
    await other.close();
    await client.close();
  });

  it(`keeps at most ${MAX_RPC_REGISTRATIONS_PER_CONNECTION} RPC registrations a connection, each at most ${MAX_RPC_REGISTRATION_BYTES} bytes`, async () => {
    const client = await RawClient.connect({ port: server.port });
    expect(await register(client, 'big', 'd'.repeat(MAX_RPC_REGISTRATION_BYTES))).toBe(
      NotificationResponse_Status.REQUEST_MALFORMED,
    );
    const answers: number[] = [];
    for (let i = 0; i <= MAX_RPC_REGISTRATIONS_PER_CONNECTION; i++)
      answers.push(await register(client, `f${i}`));
    expect(answers.slice(0, -1).every((s) => s === NotificationResponse_Status.OK)).toBe(true);
    expect(answers.at(-1)).toBe(NotificationResponse_Status.REQUEST_MALFORMED);
    await client.close();
    // Its registrations went with it: another connection may register the names again.
    const next = await RawClient.connect({ port: server.port });
    expect(await register(next, 'f0')).toBe(NotificationResponse_Status.OK);
    await next.close();
  });
});
