import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotificationType } from '../../src/gen/api_pb';
import { staticAuth } from '../../src/client/auth';
import { ITerm2Client } from '../../src/client/client';
import { ITerm2ProtocolError, ITerm2RpcError, ITerm2StatusError } from '../../src/client/errors';
import { decodeServerFrame } from '../../src/client/messages';
import { ITerm2Api } from '../../src/client/operations';
import { FakeITerm2Server, requestId, withId } from './fake-server';
import { decodeWire, type WireField } from './wire-decode';

interface Step {
  name: string;
  request: WireField[];
  hex?: string;
}
interface Fixture {
  handshake: { requestLine: string; headers: [string, string][] };
  steps: Step[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/python-2.21-golden.json', import.meta.url), 'utf8'),
) as Fixture;
const step = (name: string) =>
  fixture.steps.find((s) => s.name === name) ??
  (() => {
    throw new Error(`no step ${name}`);
  })();

/** Field paths the fixture marks as messages: tells the reader which byte strings to descend into. */
function messagePaths(fields: WireField[], path: number[] = [], out = new Set<string>()): Set<string> {
  for (const field of fields) {
    if (field.t !== 'msg') continue;
    out.add([...path, field.f].join('.'));
    messagePaths(field.v as WireField[], [...path, field.f], out);
  }
  return out;
}

/** Fixture fields with runtime ids filled in, the id (field 1) dropped, JSON strings parsed. */
function normalise(fields: WireField[], refs: Record<string, string>, top = true): unknown[] {
  return fields
    .filter((f) => !(top && f.f === 1))
    .map((f) => {
      if (f.t === 'msg') return { f: f.f, v: normalise(f.v as WireField[], refs, false) };
      let v = f.v;
      if (typeof v === 'object' && v !== null && '$' in v) v = refs[(v as { $: string }).$];
      if (typeof v === 'string' && /^[{[]/.test(v)) v = JSON.parse(v);
      return { f: f.f, v };
    });
}

describe('golden: the client writes the frames the Python library writes', () => {
  let server: FakeITerm2Server;
  let client: ITerm2Client;
  let api: ITerm2Api;

  beforeEach(async () => {
    server = await FakeITerm2Server.start();
    // Answers each request with an empty OK response of the matching field number.
    server.answer = (frame, socket) => {
      const decoded = decodeWire(frame, () => false);
      const kind = decoded.find((f) => f.f !== 1)!.f;
      const tag = (kind << 3) | 2;
      socket.send(withId(requestId(frame), Buffer.from([0x80 | (tag & 0x7f), tag >> 7, 0]).toString('hex')));
    };
    client = await ITerm2Client.connect({
      endpoint: { socketPath: server.socketPath },
      auth: staticAuth({}),
      advisoryName: 'golden.ts',
      reconnect: false,
    });
    api = new ITerm2Api(client);
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('sends the upgrade request of §1.1 (same headers as the Python library, minus its extensions and user agent)', () => {
    const request = server.upgrades[0]!;
    expect(`${request.method} ${request.url} HTTP/${request.httpVersion}`).toBe(
      fixture.handshake.requestLine,
    );
    const python = new Map(fixture.handshake.headers.map(([k, v]) => [k.toLowerCase(), v]));
    const ours = request.headers;
    for (const name of [
      'host',
      'upgrade',
      'connection',
      'sec-websocket-version',
      'sec-websocket-protocol',
      'origin',
      'x-iterm2-disable-auth-ui',
    ]) {
      expect(ours[name], name).toBe(python.get(name));
    }
    expect(ours['x-iterm2-library-version']).toBe('typescript 1.0');
    expect(String(ours['x-iterm2-library-version']).split(' ')).toHaveLength(2);
    expect(ours['x-iterm2-advisory-name']).toBe('golden.ts');
    expect(ours['sec-websocket-extensions']).toBeUndefined();
    expect(ours['content-length']).toBeUndefined();
    expect(ours['x-iterm2-cookie']).toBeUndefined();
    expect(client.protocolVersion).toEqual({ major: 1, minor: 17 });
  });

  it('encodes every step of the fixture field for field like the Python library', async () => {
    const session = 'D0C1D2E3-0000-4000-8000-000000000001';
    const refs = { session, newSession: session };
    const calls: [string, () => Promise<unknown>][] = [
      ['app.list_sessions', () => api.listSessions()],
      ['app.subscribe NOTIFY_ON_NEW_SESSION', () => api.subscribe(NotificationType.NOTIFY_ON_NEW_SESSION)],
      [
        'app.subscribe NOTIFY_ON_TERMINATE_SESSION',
        () => api.subscribe(NotificationType.NOTIFY_ON_TERMINATE_SESSION),
      ],
      [
        'app.subscribe NOTIFY_ON_LAYOUT_CHANGE',
        () => api.subscribe(NotificationType.NOTIFY_ON_LAYOUT_CHANGE),
      ],
      ['app.subscribe NOTIFY_ON_FOCUS_CHANGE', () => api.subscribe(NotificationType.NOTIFY_ON_FOCUS_CHANGE)],
      [
        'app.subscribe NOTIFY_ON_BROADCAST_CHANGE',
        () => api.subscribe(NotificationType.NOTIFY_ON_BROADCAST_CHANGE),
      ],
      ['app.focus', () => api.focusSnapshot()],
      ['app.get_broadcast_domains', () => client.call('getBroadcastDomainsRequest', {})],
      ['Window.async_create: create_tab', () => api.createTab({}).catch(() => undefined)],
      [
        'Session.async_split_pane(vertical=True): split_pane',
        () => api.splitPane(session, { vertical: true }),
      ],
      ['Session.async_send_text: send_text', () => api.sendText(session, 'echo golden-$((6*7))\r')],
      ['Session.async_get_screen_contents: get_buffer', () => api.getBuffer(session, { screen: true }, true)],
      [
        'Session.async_set_profile_properties: set_profile_property',
        () =>
          api.setProfileProperties(session, {
            'Tab Color': {
              'Red Component': 1,
              'Green Component': 0,
              'Blue Component': 0,
              'Alpha Component': 1,
              'Color Space': 'sRGB',
            },
            'Use Tab Color': true,
          }),
      ],
      [
        'Session.async_get_profile: get_profile_property',
        () => api.getProfileProperties(session, ['Tab Color', 'Use Tab Color']),
      ],
      [
        'Session.async_set_variable: variable set',
        () => api.setVariables({ session }, { 'user.role': 'lead' }),
      ],
      [
        'Session.async_get_variable: variable get',
        () =>
          client.call('variableRequest', {
            scope: { case: 'sessionId', value: session },
            get: ['user.role'],
          }),
      ],
      ['Session.async_close(force=False): close', () => api.close({ sessions: [session] }, false)],
    ];
    for (const [name, call] of calls) {
      const before = server.frames.length;
      await call();
      const frame = server.frames[before]!;
      const expected = step(name);
      const paths = messagePaths(expected.request);
      const ours = decodeWire(frame, (path) => paths.has(path.join('.')));
      expect(normalise(ours, refs), name).toEqual(normalise(expected.request, refs));
      if (expected.hex) {
        // Same bytes after the id, which differs only because our ids start at 1.
        const strip = (bytes: Uint8Array) =>
          Buffer.from(
            bytes.subarray(1 + [...bytes.subarray(1)].findIndex((b) => (b & 0x80) === 0) + 1),
          ).toString('hex');
        expect(strip(frame), name).toBe(strip(Buffer.from(expected.hex, 'hex')));
      }
    }
  });

  it('always writes the id, and ids are unique and increasing', async () => {
    await api.listSessions();
    await api.listSessions();
    const ids = server.frames.map(requestId);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('golden: server frames decoded on the client side', () => {
  it('a response with id 0 is a response (proto2 presence), not a notification', () => {
    const decoded = decodeServerFrame(Buffer.from('0800d20600', 'hex'));
    expect(decoded).toMatchObject({ kind: 'response', id: 0n });
    expect(decoded.kind === 'response' && decoded.message.submessage.case).toBe('listSessionsResponse');
  });

  it('a message without id carrying field 1000 is a notification', () => {
    // Notification { new_session_notification (6) { session_id (1) = "S1" } }
    const decoded = decodeServerFrame(Buffer.from('c23e0632040a025331', 'hex'));
    expect(decoded.kind).toBe('notification');
    const n =
      decoded.kind === 'notification' && decoded.message.submessage.case === 'notification'
        ? decoded.message.submessage.value
        : undefined;
    expect(n?.newSessionNotification?.sessionId).toBe('S1');
  });

  it('a CreateTabResponse carries tab_id as int32 and skips unknown fields', () => {
    // id 3; create_tab_response (108) { window_id "pty-W", tab_id 5, session_id "S" }; unknown envelope field 999 = 1.
    const decoded = decodeServerFrame(Buffer.from('0803e2060c12057074792d571805220153b83e01', 'hex'));
    expect(decoded.kind).toBe('response');
    const value =
      decoded.kind === 'response' && decoded.message.submessage.case === 'createTabResponse'
        ? decoded.message.submessage.value
        : undefined;
    expect(value).toMatchObject({ windowId: 'pty-W', tabId: 5, sessionId: 'S', status: 0 });
  });

  it('bytes that do not parse are garbage, with the id they start with', () => {
    expect(decodeServerFrame(Buffer.from('0807d206ff', 'hex'))).toMatchObject({ kind: 'garbage', id: 7n });
    expect(decodeServerFrame(Buffer.from('ffffffff', 'hex'))).toMatchObject({
      kind: 'garbage',
      id: undefined,
    });
  });
});

describe('golden: answers become typed results and typed errors', () => {
  let server: FakeITerm2Server;
  let client: ITerm2Client;
  beforeEach(async () => {
    server = await FakeITerm2Server.start();
    client = await ITerm2Client.connect({
      endpoint: { socketPath: server.socketPath },
      auth: staticAuth({}),
      reconnect: false,
    });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  const answering = (restHex: string) => {
    server.answer = (frame, socket) => socket.send(withId(requestId(frame), restHex));
  };

  it('status SESSION_NOT_FOUND → ITerm2StatusError (not_found)', async () => {
    answering('da06020801'); // send_text_response { status: 1 }
    const error = await client.call('sendTextRequest', { session: 'X', text: 'y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ITerm2StatusError);
    expect(error).toMatchObject({ status: 'SESSION_NOT_FOUND', code: 'not_found', operation: 'send_text' });
  });

  it('the envelope error string → ITerm2RpcError', async () => {
    const text = Buffer.from('Invalid request. Upgrade iTerm2 to a newer version.').toString('hex');
    answering(`12${(text.length / 2).toString(16).padStart(2, '0')}${text}`);
    const error = await client.call('screenshotRequest', { session: 'X' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ITerm2RpcError);
    expect(error).toMatchObject({ code: 'unavailable' });
  });

  it('an envelope with only the id (get_buffer on a bad range) → ITerm2ProtocolError', async () => {
    answering('');
    const error = await client
      .call('getBufferRequest', { session: 'X', lineRange: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ITerm2ProtocolError);
  });

  it('a response of the wrong kind → ITerm2ProtocolError', async () => {
    answering('d20600'); // list_sessions_response to a send_text
    await expect(client.call('sendTextRequest', { session: 'X', text: 'y' })).rejects.toBeInstanceOf(
      ITerm2ProtocolError,
    );
  });

  it('an InvokeFunction error disposition → ITerm2InvokeError with its reason', async () => {
    // invoke_function_response (132) { error (1) { status 2 (FAILED), error_reason "nope" } }
    answering('a2080a0a08080212046e6f7065');
    const api = new ITerm2Api(client);
    const error = await api.invokeFunction({ app: true }, 'iterm2.nothing()').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ITerm2InvokeError', status: 'FAILED', reason: 'nope' });
  });
});
