import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NotificationSchema,
  NotificationType,
  PromptMonitorMode,
  ServerOriginatedMessageSchema,
  VariableScope,
  type Notification,
  type ServerOriginatedMessage,
} from '../../src/gen/api_pb';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { encodeServerMessage } from '../../src/sim/server-message-encoding';
import { newWindow } from './helpers';
import { BASH, eventually, RawClient } from './raw-client';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const notification = (fill: (n: Notification) => void): ServerOriginatedMessage => {
  const n = create(NotificationSchema, {});
  fill(n);
  return create(ServerOriginatedMessageSchema, { submessage: { case: 'notification', value: n } });
};
const longId = 'w0t0p0:' + 'A'.repeat(200); // lengths past one varint byte

/** What the server sends, built as the notifier and the dispatcher build it (plain literals included). */
const messages: Record<string, ServerOriginatedMessage> = {
  terminate: notification(
    (n) =>
      (n.terminateSessionNotification = {
        $typeName: 'iterm2.TerminateSessionNotification',
        sessionId: 'S1',
      }),
  ),
  'screen update, long session id': notification(
    (n) => (n.screenUpdateNotification = { $typeName: 'iterm2.ScreenUpdateNotification', session: longId }),
  ),
  'custom escape without sender identity': notification((n) => {
    n.customEscapeSequenceNotification = {
      $typeName: 'iterm2.CustomEscapeSequenceNotification',
      session: 'S1',
      senderIdentity: '',
      payload: 'p',
    };
    delete (n.customEscapeSequenceNotification as { senderIdentity?: string }).senderIdentity;
  }),
  'app variable (no identifier)': notification((n) => {
    n.variableChangedNotification = {
      $typeName: 'iterm2.VariableChangedNotification',
      scope: VariableScope.APP,
      identifier: '',
      name: 'effectiveTheme',
      jsonNewValue: '"dark"',
    };
    delete (n.variableChangedNotification as { identifier?: string }).identifier;
  }),
  'layout with a listing': notification(
    (n) =>
      (n.layoutChangedNotification = {
        $typeName: 'iterm2.LayoutChangedNotification',
        listSessionsResponse: create(ServerOriginatedMessageSchema.field.listSessionsResponse!.message!, {
          windows: Array.from({ length: 30 }, (_, i) => ({ windowId: `pty-${i}`, number: i })),
        }) as never,
      }),
  ),
  'two notifications in one (never sent, still encoded alike)': notification((n) => {
    n.newSessionNotification = { $typeName: 'iterm2.NewSessionNotification', sessionId: 'S2' };
    n.terminateSessionNotification = { $typeName: 'iterm2.TerminateSessionNotification', sessionId: 'S1' };
  }),
  'empty notification': notification(() => undefined),
  'response with an id': create(ServerOriginatedMessageSchema, {
    id: 7n,
    submessage: { case: 'sendTextResponse', value: {} },
  }),
  'response with id 0 and a large id': create(ServerOriginatedMessageSchema, {
    id: 0n,
    submessage: { case: 'listSessionsResponse', value: { buriedSessions: [{ uniqueIdentifier: 'x' }] } },
  }),
  'large id': create(ServerOriginatedMessageSchema, {
    id: 2n ** 53n + 3n,
    submessage: { case: 'notificationResponse', value: { status: 1 } },
  }),
  error: create(ServerOriginatedMessageSchema, { id: 3n, submessage: { case: 'error', value: 'bad' } }),
  'no submessage': create(ServerOriginatedMessageSchema, { id: 4n }),
};

describe('the server encodes its frames', () => {
  it.each(Object.entries(messages))('as the reflective encoder does: %s', (_, message) => {
    expect(hex(encodeServerMessage(message))).toBe(hex(toBinary(ServerOriginatedMessageSchema, message)));
  });

  it('with unknown fields kept, as the reflective encoder keeps them', () => {
    const message = messages['response with an id']!;
    const withUnknown = { ...message, $unknown: [{ no: 9999, wireType: 0, data: new Uint8Array([5]) }] };
    expect(hex(encodeServerMessage(withUnknown))).toBe(
      hex(toBinary(ServerOriginatedMessageSchema, withUnknown)),
    );
  });

  it("without walking the envelopes' declared fields one by one (~50 presence checks a notification)", () => {
    // Field reads on the two envelopes: the reflective encoder reads the oneof once per declared answer (37)
    // and each of Notification's 13 fields; the frame's bytes are its inner message plus two tags and lengths.
    let reads = 0;
    const counted = <T extends object>(target: T): T =>
      new Proxy(target, { get: (t, key, receiver) => (reads++, Reflect.get(t, key, receiver) as unknown) });
    const inner = create(NotificationSchema, {
      terminateSessionNotification: { sessionId: 'S1' },
    });
    const envelope = counted(
      create(ServerOriginatedMessageSchema, { submessage: { case: 'notification', value: counted(inner) } }),
    );
    const bytes = encodeServerMessage(envelope);
    expect(reads).toBeLessThanOrEqual(10);
    expect(fromBinary(ServerOriginatedMessageSchema, bytes).submessage.case).toBe('notification');
  });
});

describe("a live server's frames", () => {
  let server: SimServer | undefined;
  let client: RawClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('are what the reflective encoder writes for what they decode to (a session made, typed into, exited)', async () => {
    server = await startSimServer({ shell: BASH, screenUpdateIntervalMs: 0 });
    client = await RawClient.connect({ port: server.port! });
    const frames: Uint8Array[] = [];
    client.socket.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
    for (const type of [
      NotificationType.NOTIFY_ON_NEW_SESSION,
      NotificationType.NOTIFY_ON_TERMINATE_SESSION,
      NotificationType.NOTIFY_ON_LAYOUT_CHANGE,
      NotificationType.NOTIFY_ON_FOCUS_CHANGE,
    ]) {
      await client.request({
        case: 'notificationRequest',
        value: { subscribe: true, notificationType: type },
      });
    }
    const { sessionId } = await newWindow(client);
    await client.request({
      case: 'notificationRequest',
      value: {
        session: sessionId,
        subscribe: true,
        notificationType: NotificationType.NOTIFY_ON_SCREEN_UPDATE,
      },
    });
    const modes = [PromptMonitorMode.PROMPT, PromptMonitorMode.COMMAND_START];
    await client.request({
      case: 'notificationRequest',
      value: {
        session: sessionId,
        subscribe: true,
        notificationType: NotificationType.NOTIFY_ON_PROMPT,
        arguments: { case: 'promptMonitorRequest', value: { modes } },
      },
    });
    // A prompt drawn (marks A, B) and a command started (C), then the process exits (the pane closes with it).
    const text = "printf '\\033]133;A\\007$ \\033]133;B\\007ls\\033]133;C\\007'; exit\r";
    await client.request({ case: 'sendTextRequest', value: { session: sessionId, text } });
    await eventually(() => client!.notifications().some((n) => n.terminateSessionNotification));
    const kinds = new Set(
      client.notifications().flatMap((n) => Object.keys(n).filter((k) => !k.startsWith('$'))),
    );
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'layoutChangedNotification',
        'newSessionNotification',
        'promptNotification',
        'screenUpdateNotification',
        'terminateSessionNotification',
      ]),
    );
    for (const frame of frames)
      expect(
        hex(toBinary(ServerOriginatedMessageSchema, fromBinary(ServerOriginatedMessageSchema, frame))),
      ).toBe(hex(frame));
  });
});
