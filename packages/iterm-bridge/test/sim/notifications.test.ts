import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GetPromptResponse_State,
  NotificationResponse_Status,
  NotificationType,
  PromptMonitorMode,
  TransactionResponse_Status,
  VariableScope,
} from '../../src/gen/api_pb';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { newWindow, split, sub } from './helpers';
import { BASH, eventually, RawClient } from './raw-client';

const subscribe = (
  client: RawClient,
  type: NotificationType,
  session = 'all',
  extra: Record<string, unknown> = {},
) =>
  client
    .request({
      case: 'notificationRequest',
      value: { session, subscribe: true, notificationType: type, ...extra },
    })
    .then((r) => sub(r, 'notificationResponse').status);
const inject = (client: RawClient, session: string, text: string) =>
  client.request({
    case: 'injectRequest',
    value: { sessionId: [session], data: new TextEncoder().encode(text) },
  });

describe('notifications (§6) and transactions (§3)', () => {
  let server: SimServer;
  let a: RawClient;
  let b: RawClient;
  let session: string;
  beforeAll(async () => {
    server = await startSimServer({ shell: BASH, screenUpdateIntervalMs: 0 });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    a = await RawClient.connect({ port: server.port });
    b = await RawClient.connect({ port: server.port });
    session = (await newWindow(a)).sessionId;
  });
  afterEach(async () => {
    await a.request({
      case: 'closeRequest',
      value: { target: { case: 'sessions', value: { sessionIds: server.sessionIds() } }, force: true },
    });
    await a.close();
    await b.close();
  });

  it('subscriptions are per connection: only the subscriber gets screen updates', async () => {
    expect(await subscribe(a, NotificationType.NOTIFY_ON_SCREEN_UPDATE, session)).toBe(
      NotificationResponse_Status.OK,
    );
    expect(await subscribe(a, NotificationType.NOTIFY_ON_SCREEN_UPDATE, session)).toBe(
      NotificationResponse_Status.ALREADY_SUBSCRIBED,
    );
    await inject(a, session, 'hello\r\n');
    await a.waitFor(
      (m) => m.kind === 'notification' && m.notification.screenUpdateNotification?.session === session,
    );
    await a.request({ case: 'listSessionsRequest', value: {} });
    await b.request({ case: 'listSessionsRequest', value: {} });
    expect(b.notifications()).toEqual([]);
  });

  it('"all" session subscriptions cover sessions created later; unknown sessions are SESSION_NOT_FOUND', async () => {
    expect(await subscribe(a, NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE)).toBe(
      NotificationResponse_Status.OK,
    );
    expect(await subscribe(a, NotificationType.NOTIFY_ON_SCREEN_UPDATE, 'no-such')).toBe(
      NotificationResponse_Status.SESSION_NOT_FOUND,
    );
    const later = (await newWindow(a)).sessionId;
    await inject(a, later, '\x1b]1337;Custom=id=myapp:{"cmd":"ping"}\x07');
    const got = await a.waitFor(
      (m) => m.kind === 'notification' && m.notification.customEscapeSequenceNotification !== undefined,
    );
    expect(got.kind === 'notification' && got.notification.customEscapeSequenceNotification).toMatchObject({
      session: later,
      senderIdentity: 'myapp',
      payload: '{"cmd":"ping"}',
    });
  });

  it('a printf from the shell itself reaches custom-escape subscribers', async () => {
    await subscribe(a, NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE, session);
    await a.request({
      case: 'sendTextRequest',
      value: { session, text: "printf '\\033]1337;Custom=id=agent:status:busy\\007'\r" },
    });
    const got = await a.waitFor(
      (m) => m.kind === 'notification' && m.notification.customEscapeSequenceNotification !== undefined,
    );
    expect(got.kind === 'notification' && got.notification.customEscapeSequenceNotification).toMatchObject({
      senderIdentity: 'agent',
      payload: 'status:busy',
    });
  });

  it('unsubscribe: NOT_SUBSCRIBED when nothing was; subscribe without `subscribe` is REQUEST_MALFORMED', async () => {
    const r = await a.request({
      case: 'notificationRequest',
      value: { session: 'all', subscribe: false, notificationType: NotificationType.NOTIFY_ON_LAYOUT_CHANGE },
    });
    expect(sub(r, 'notificationResponse').status).toBe(NotificationResponse_Status.NOT_SUBSCRIBED);
    const m = await a.request({
      case: 'notificationRequest',
      value: { session: 'all', notificationType: NotificationType.NOTIFY_ON_LAYOUT_CHANGE },
    });
    expect(sub(m, 'notificationResponse').status).toBe(NotificationResponse_Status.REQUEST_MALFORMED);
    const loc = await subscribe(a, NotificationType.NOTIFY_ON_LOCATION_CHANGE);
    expect(loc).toBe(NotificationResponse_Status.REQUEST_MALFORMED);
  });

  it('variable monitors: SetUserVar from program output and a set through the API', async () => {
    const monitor = (name: string, identifier: string) =>
      subscribe(a, NotificationType.NOTIFY_ON_VARIABLE_CHANGE, '', {
        arguments: {
          case: 'variableMonitorRequest',
          value: { name, scope: VariableScope.SESSION, identifier },
        },
      });
    expect(await monitor('user.state', session)).toBe(0);
    expect(await monitor('user.state', session)).toBe(NotificationResponse_Status.ALREADY_SUBSCRIBED);
    expect(await monitor('user.state', 'nope')).toBe(NotificationResponse_Status.INVALID_IDENTIFIER);
    await inject(a, session, `\x1b]1337;SetUserVar=state=${Buffer.from('working').toString('base64')}\x07`);
    const got = await a.waitFor(
      (m) =>
        m.kind === 'notification' && m.notification.variableChangedNotification?.jsonNewValue === '"working"',
    );
    expect(got.kind === 'notification' && got.notification.variableChangedNotification).toMatchObject({
      scope: VariableScope.SESSION,
      identifier: session,
      name: 'user.state',
    });
    await a.request({
      case: 'variableRequest',
      value: { scope: { case: 'sessionId', value: session }, set: [{ name: 'user.state', value: 'null' }] },
    });
    await a.waitFor(
      (m) => m.kind === 'notification' && m.notification.variableChangedNotification?.jsonNewValue === 'null',
    );
    const read = sub(
      await a.request({
        case: 'variableRequest',
        value: { scope: { case: 'sessionId', value: session }, get: ['user.state'] },
      }),
      'variableResponse',
    );
    expect(read.values).toEqual(['null']);
    const bad = sub(
      await a.request({
        case: 'variableRequest',
        value: { scope: { case: 'sessionId', value: session }, set: [{ name: 'state', value: '1' }] },
      }),
      'variableResponse',
    );
    expect(bad.status).toBe(2); // INVALID_NAME
  });

  it('prompt notifications follow the OSC 133 marks with the modes asked for; get_prompt reads the last prompt', async () => {
    await subscribe(a, NotificationType.NOTIFY_ON_PROMPT, session, {
      arguments: {
        case: 'promptMonitorRequest',
        value: {
          modes: [PromptMonitorMode.PROMPT, PromptMonitorMode.COMMAND_START, PromptMonitorMode.COMMAND_END],
        },
      },
    });
    await inject(
      a,
      session,
      '\x1b]133;A\x07$ \x1b]133;B\x07make test\x1b]133;C\x07\r\nok\r\n\x1b]133;D;3\x07',
    );
    await eventually(() => a.notifications().filter((n) => n.promptNotification).length === 3);
    const events = a
      .notifications()
      .flatMap((n) => (n.promptNotification ? [n.promptNotification.event] : []));
    expect(events.map((e) => e.case)).toEqual(['prompt', 'commandStart', 'commandEnd']);
    expect(events[1]!.value).toMatchObject({ command: 'make test' });
    expect(events[2]!.value).toMatchObject({ status: 3 });
    const prompt = sub(
      await a.request({ case: 'getPromptRequest', value: { session } }),
      'getPromptResponse',
    );
    expect(prompt).toMatchObject({
      status: 0,
      command: 'make test',
      promptState: GetPromptResponse_State.FINISHED,
      exitStatus: 3,
    });
    const list = sub(
      await a.request({ case: 'listPromptsRequest', value: { session } }),
      'listPromptsResponse',
    );
    expect(list.uniquePromptId).toEqual([prompt.uniquePromptId]);
  });

  it('keystroke notifications when the user types into a pane', async () => {
    expect(await subscribe(a, NotificationType.NOTIFY_ON_KEYSTROKE, session)).toBe(0);
    expect(server.type(session, 'ls')).toBe(true);
    await eventually(() => a.notifications().filter((n) => n.keystrokeNotification).length === 2);
    expect(
      a.notifications().flatMap((n) => (n.keystrokeNotification ? [n.keystrokeNotification.characters] : [])),
    ).toEqual(['l', 's']);
  });

  it('a resize that reflows the screen is a screen update (a question wrapped to the new width reads differently)', async () => {
    await subscribe(a, NotificationType.NOTIFY_ON_SCREEN_UPDATE, session);
    // A program that prints once and then draws nothing, not even on SIGWINCH (a shell at its prompt would redraw).
    await a.request({ case: 'sendTextRequest', value: { session, text: 'exec sleep 600\r' } });
    const updates = () =>
      a.notifications().filter((n) => n.screenUpdateNotification?.session === session).length;
    let quiet = -1;
    await eventually(async () => {
      const before = updates();
      await new Promise((r) => setTimeout(r, 300));
      quiet = updates();
      return before === quiet && quiet > 0;
    });
    await split(a, session, true);
    await eventually(() => updates() > quiet);
  });

  it('focus changes on activate, after the layout change they follow', async () => {
    await subscribe(a, NotificationType.NOTIFY_ON_FOCUS_CHANGE);
    await subscribe(a, NotificationType.NOTIFY_ON_LAYOUT_CHANGE);
    const split = sub(await a.request({ case: 'splitPaneRequest', value: { session } }), 'splitPaneResponse')
      .sessionId[0]!;
    await a.waitFor(
      (m) => m.kind === 'notification' && m.notification.focusChangedNotification?.event.value === split,
    );
    const layoutAt = a.log.findIndex(
      (m) => m.kind === 'notification' && m.notification.layoutChangedNotification !== undefined,
    );
    const focusAt = a.log.findIndex(
      (m) => m.kind === 'notification' && m.notification.focusChangedNotification?.event.value === split,
    );
    expect(focusAt).toBeGreaterThan(layoutAt);
    const r = sub(
      await a.request({
        case: 'activateRequest',
        value: {
          identifier: { case: 'sessionId', value: session },
          selectSession: true,
          selectTab: true,
          orderWindowFront: true,
        },
      }),
      'activateResponse',
    );
    expect(r.status).toBe(0);
    await a.waitFor(
      (m) =>
        m.kind === 'notification' &&
        m.notification.focusChangedNotification?.event.case === 'session' &&
        m.notification.focusChangedNotification.event.value === session,
    );
    expect(
      sub(
        await a.request({
          case: 'activateRequest',
          value: { identifier: { case: 'sessionId', value: 'nope' } },
        }),
        'activateResponse',
      ).status,
    ).toBe(1);
    expect(
      sub(await a.request({ case: 'activateRequest', value: { selectSession: true } }), 'activateResponse')
        .status,
    ).toBe(2);
  });

  it('subscriptions die with their connection', async () => {
    const c = await RawClient.connect({ port: server.port });
    await subscribe(c, NotificationType.NOTIFY_ON_NEW_SESSION);
    await c.close();
    await eventually(() => server.connectionCount() === 2);
    const d = await RawClient.connect({ port: server.port });
    await newWindow(a);
    await d.request({ case: 'listSessionsRequest', value: {} });
    expect(d.notifications()).toEqual([]);
    expect(await subscribe(d, NotificationType.NOTIFY_ON_NEW_SESSION)).toBe(0);
    await d.close();
  });

  it('a transaction queues other connections until it ends; owner disconnect ends it', async () => {
    const t = (client: RawClient, begin: boolean) =>
      client
        .request({ case: 'transactionRequest', value: { begin } })
        .then((r) => sub(r, 'transactionResponse').status);
    expect(await t(a, false)).toBe(TransactionResponse_Status.NO_TRANSACTION);
    expect(await t(a, true)).toBe(TransactionResponse_Status.OK);
    expect(await t(a, true)).toBe(TransactionResponse_Status.ALREADY_IN_TRANSACTION);
    let answered = false;
    const queued = b.request({ case: 'listSessionsRequest', value: {} }).then(() => (answered = true));
    await a.request({ case: 'listSessionsRequest', value: {} });
    // The server has B's request in hand (queued), and answers A meanwhile: B is still waiting.
    await eventually(() => server.queuedRequestCount() === 1);
    await a.request({ case: 'listSessionsRequest', value: {} });
    expect(answered).toBe(false);
    expect(await t(a, false)).toBe(TransactionResponse_Status.OK);
    await queued;
    const owner = await RawClient.connect({ port: server.port });
    expect(await t(owner, true)).toBe(0);
    const waiting = b.request({ case: 'focusRequest', value: {} });
    await owner.close();
    expect((await waiting).submessage.case).toBe('focusResponse');
  });
});

describe('a transaction held too long (maxTransactionMs)', () => {
  const t = (client: RawClient, begin: boolean) =>
    client
      .request({ case: 'transactionRequest', value: { begin } })
      .then((r) => sub(r, 'transactionResponse').status);

  it('ends it at the bound: the other clients are answered, the holder keeps its connection and its late end is NO_TRANSACTION', async () => {
    const server = await startSimServer({ shell: BASH, maxTransactionMs: 300 });
    const holder = await RawClient.connect({ port: server.port });
    const other = await RawClient.connect({ port: server.port });
    try {
      // Timed from before the begin: the server's bound runs from when it began the transaction, which the test hears
      // of later (timed from the OK, a loaded run saw the answer 248 ms after it: the OK itself had taken > 50 ms).
      const started = Date.now();
      expect(await t(holder, true)).toBe(TransactionResponse_Status.OK);
      const answer = await other.request({ case: 'listSessionsRequest', value: {} });
      expect(answer.submessage.case).toBe('listSessionsResponse');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(await t(holder, false)).toBe(TransactionResponse_Status.NO_TRANSACTION);
      expect((await holder.request({ case: 'focusRequest', value: {} })).submessage.case).toBe(
        'focusResponse',
      );
    } finally {
      await holder.close();
      await other.close();
      await server.close();
    }
  });

  it('without a bound (the default, as iTerm2) the other clients wait until the holder ends it', async () => {
    const server = await startSimServer({ shell: BASH });
    const holder = await RawClient.connect({ port: server.port });
    const other = await RawClient.connect({ port: server.port });
    try {
      expect(await t(holder, true)).toBe(TransactionResponse_Status.OK);
      let answered = false;
      const queued = other.request({ case: 'listSessionsRequest', value: {} }).then(() => (answered = true));
      await eventually(() => server.queuedRequestCount() === 1);
      await new Promise((r) => setTimeout(r, 600));
      expect(answered).toBe(false);
      expect(await t(holder, false)).toBe(TransactionResponse_Status.OK);
      await queued;
      expect(answered).toBe(true);
    } finally {
      await holder.close();
      await other.close();
      await server.close();
    }
  });
});
