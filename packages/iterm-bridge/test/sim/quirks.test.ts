import { create, toBinary } from '@bufbuild/protobuf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClientOriginatedMessageSchema,
  CreateTabResponse_Status,
  NotificationResponse_Status,
  NotificationType,
  SelectionResponse_Status,
  SplitPaneResponse_Status,
  VariableResponse_Status,
  type ServerOriginatedMessage,
} from '../../src/gen/api_pb';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { BASH, eventually, RawClient } from './raw-client';

type Sub = ServerOriginatedMessage['submessage'];
type ValueOf<C> = Extract<Sub, { case: C }> extends { value: infer V } ? V : never;
function sub<C extends NonNullable<Sub['case']>>(m: ServerOriginatedMessage, c: C): ValueOf<C> {
  expect(m.submessage.case).toBe(c);
  return m.submessage.value as ValueOf<C>;
}

describe('quirks the real server has and clients can observe', () => {
  let server: SimServer;
  let client: RawClient;
  let session: string;
  let windowId: string;
  beforeAll(async () => {
    server = await startSimServer({ shell: BASH });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    client = await RawClient.connect({ port: server.port });
    const created = sub(await client.request({ case: 'createTabRequest', value: {} }), 'createTabResponse');
    session = created.sessionId;
    windowId = created.windowId;
  });
  afterEach(async () => {
    await client.request({
      case: 'closeRequest',
      value: { target: { case: 'windows', value: { windowIds: [windowId] } }, force: true },
    });
    await client.close();
  });

  it('get_buffer without a line range → an envelope with only the id', async () => {
    const reply = await client.request({ case: 'getBufferRequest', value: { session } });
    expect(reply.submessage.case).toBeUndefined();
    expect(reply.id).toBeGreaterThan(0n);
    const both = await client.request({
      case: 'getBufferRequest',
      value: { session, lineRange: { screenContentsOnly: true, trailingLines: 3 } },
    });
    expect(both.submessage.case).toBeUndefined();
  });

  it('get_property grid_size reads one less than the grid in each direction', async () => {
    const got = sub(
      await client.request({
        case: 'getPropertyRequest',
        value: { identifier: { case: 'sessionId', value: session }, name: 'grid_size' },
      }),
      'getPropertyResponse',
    );
    expect(JSON.parse(got.jsonValue)).toEqual({ width: 79, height: 24 });
  });

  it('set_property with session "all" changes only the first session', async () => {
    const second = sub(
      await client.request({ case: 'splitPaneRequest', value: { session, splitDirection: 1 } }),
      'splitPaneResponse',
    ).sessionId[0]!;
    const first = server.sessionIds()[0]!;
    const r = sub(
      await client.request({
        case: 'setPropertyRequest',
        value: { identifier: { case: 'sessionId', value: 'all' }, name: 'buried', jsonValue: 'true' },
      }),
      'setPropertyResponse',
    );
    expect(r.status).toBe(0);
    const list = sub(
      await client.request({ case: 'listSessionsRequest', value: {} }),
      'listSessionsResponse',
    );
    expect(list.buriedSessions.map((s) => s.uniqueIdentifier)).toEqual([first]);
    expect(list.buriedSessions[0]!.frame).toBeUndefined();
    expect(server.sessionIds()).toContain(second);
    await client.request({
      case: 'setPropertyRequest',
      value: { identifier: { case: 'sessionId', value: first }, name: 'buried', jsonValue: 'false' },
    });
    await client.request({
      case: 'closeRequest',
      value: {
        target: { case: 'sessions', value: { sessionIds: [first, second].filter((s) => s !== session) } },
        force: true,
      },
    });
  });

  it('variables: window "all" is not recognised (WINDOW_NOT_FOUND), session "all" refuses gets', async () => {
    const w = sub(
      await client.request({
        case: 'variableRequest',
        value: { scope: { case: 'windowId', value: 'all' }, get: ['id'] },
      }),
      'variableResponse',
    );
    expect(w.status).toBe(VariableResponse_Status.WINDOW_NOT_FOUND);
    const s = sub(
      await client.request({
        case: 'variableRequest',
        value: { scope: { case: 'sessionId', value: 'all' }, get: ['id'] },
      }),
      'variableResponse',
    );
    expect(s.status).toBe(VariableResponse_Status.MULTI_GET_DISALLOWED);
  });

  it('selection on an unknown session is REQUEST_MALFORMED, not INVALID_SESSION', async () => {
    const r = sub(
      await client.request({
        case: 'selectionRequest',
        value: { request: { case: 'getSelectionRequest', value: { sessionId: 'nope' } } },
      }),
      'selectionResponse',
    );
    expect(r.status).toBe(SelectionResponse_Status.REQUEST_MALFORMED);
  });

  it('profile-change subscriptions fail (they fall into the per-session path)', async () => {
    const r = sub(
      await client.request({
        case: 'notificationRequest',
        value: {
          session: 'all',
          subscribe: true,
          notificationType: NotificationType.NOTIFY_ON_PROFILE_CHANGE,
          arguments: { case: 'profileChangeRequest', value: { guid: 'x' } },
        },
      }),
      'notificationResponse',
    );
    expect(r.status).toBe(NotificationResponse_Status.REQUEST_MALFORMED);
  });

  it('a process that ends is reported terminated twice (exit, then teardown of the pane)', async () => {
    const split = sub(
      await client.request({ case: 'splitPaneRequest', value: { session, splitDirection: 0 } }),
      'splitPaneResponse',
    ).sessionId[0]!;
    await client.request({
      case: 'notificationRequest',
      value: {
        session: 'all',
        subscribe: true,
        notificationType: NotificationType.NOTIFY_ON_TERMINATE_SESSION,
      },
    });
    await client.request({ case: 'sendTextRequest', value: { session: split, text: 'exit\r' } });
    await eventually(
      () =>
        client.notifications().filter((n) => n.terminateSessionNotification?.sessionId === split).length ===
        2,
    );
    expect(server.sessionIds()).not.toContain(split);
    const sent = sub(
      await client.request({ case: 'sendTextRequest', value: { session: split, text: 'x' } }),
      'sendTextResponse',
    );
    expect(sent.status).toBe(1);
  });

  it('create_tab with a tab_index out of range → INVALID_TAB_INDEX, but the tab exists', async () => {
    const r = sub(
      await client.request({ case: 'createTabRequest', value: { windowId, tabIndex: 7 } }),
      'createTabResponse',
    );
    expect(r.status).toBe(CreateTabResponse_Status.INVALID_TAB_INDEX);
    expect(r.sessionId).not.toBe('');
    expect(server.sessionIds()).toContain(r.sessionId);
  });

  it('split_pane "all" reports CANNOT_SPLIT when one pane is too small, yet splits the others', async () => {
    // Make a pane too small to split again: keep halving it.
    let small = session;
    for (let i = 0; i < 6; i++) {
      const r = sub(
        await client.request({ case: 'splitPaneRequest', value: { session: small, splitDirection: 0 } }),
        'splitPaneResponse',
      );
      if (r.status !== 0) break;
      small = r.sessionId[0]!;
    }
    const before = server.sessionIds().length;
    const r = sub(
      await client.request({ case: 'splitPaneRequest', value: { session: 'all', splitDirection: 0 } }),
      'splitPaneResponse',
    );
    expect(r.status).toBe(SplitPaneResponse_Status.CANNOT_SPLIT);
    expect(r.sessionId.length).toBeGreaterThan(0);
    expect(server.sessionIds().length).toBe(before + r.sessionId.length);
  });

  it('saved arrangement with no action set is a RESTORE (the enum zero value)', async () => {
    const r = sub(
      await client.request({ case: 'savedArrangementRequest', value: { name: 'never-saved' } }),
      'savedArrangementResponse',
    );
    expect(r.status).toBe(1); // ARRANGEMENT_NOT_FOUND: it tried to restore
  });

  it('the id is echoed even when it is 0, and a request without id is answered with id 0', async () => {
    const fresh = await RawClient.connect({ port: server.port });
    const zero = await fresh.call(
      toBinary(
        ClientOriginatedMessageSchema,
        create(ClientOriginatedMessageSchema, {
          id: 0n,
          submessage: { case: 'listSessionsRequest', value: {} },
        }),
      ),
      0n,
    );
    expect(zero.submessage.case).toBe('listSessionsResponse');
    await fresh.close();
    const bytes = toBinary(
      ClientOriginatedMessageSchema,
      create(ClientOriginatedMessageSchema, { submessage: { case: 'focusRequest', value: {} } }),
    );
    const before = client.log.length;
    client.sendRaw(bytes);
    await eventually(() =>
      client.log
        .slice(before)
        .some((m) => m.kind === 'response' && m.message.submessage.case === 'focusResponse'),
    );
  });

  it('unparsable and text frames get no reply at all; an unknown request gets the error string', async () => {
    const before = client.log.length;
    client.sendRaw(new Uint8Array([0xff, 0xff, 0xff, 0x01]));
    client.socket.send('list sessions please');
    // Field 999 is not a request the server knows: the oneof is unset.
    const unknown = await client.call(new Uint8Array([0x08, 0x2a, 0xba, 0x3e, 0x00]), 42n);
    expect(unknown.submessage).toEqual({
      case: 'error',
      value: 'Invalid request. Upgrade iTerm2 to a newer version.',
    });
    expect(client.log.slice(before)).toHaveLength(1);
  });
});
