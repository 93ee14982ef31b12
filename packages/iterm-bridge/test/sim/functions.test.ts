import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvokeFunctionResponse_Status, NotificationType } from '../../src/gen/api_pb';
import { DEFAULT_PROFILE_GUID } from '../../src/sim/profiles';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { b64, invoke, leaves, listSessions, newWindow, shape, split, sub } from './helpers';
import { BASH, eventually, RawClient } from './raw-client';

describe('InvokeFunction built-ins (§8.2, §13)', () => {
  let server: SimServer;
  let client: RawClient;
  let names: Map<string, string>;
  let A: string;
  let B: string;
  let C: string;
  let tab1: string;
  let window1: string;

  beforeAll(async () => {
    server = await startSimServer({ shell: BASH });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    client = await RawClient.connect({ port: server.port });
    const w = await newWindow(client);
    A = w.sessionId;
    tab1 = w.tabId;
    window1 = w.windowId;
    B = await split(client, A, true);
    C = await split(client, B, false);
    names = new Map([
      [A, 'A'],
      [B, 'B'],
      [C, 'C'],
    ]);
  });
  afterEach(async () => {
    for (const w of (await listSessions(client)).windows) {
      await client.request({
        case: 'closeRequest',
        value: { target: { case: 'windows', value: { windowIds: [w.windowId] } }, force: true },
      });
    }
    await client.close();
  });

  const tree = async (tabId = tab1) => {
    const list = await listSessions(client);
    const tab = list.windows.flatMap((w) => w.tabs).find((t) => t.tabId === tabId);
    return tab ? shape(tab.root!, names) : undefined;
  };

  it('starts from v[A,h[B,C]]', async () => {
    expect(await tree()).toBe('v[A,h[B,C]]');
  });

  it('move_session splits the destination with the moved session, live (no restart)', async () => {
    const pidBefore = JSON.parse(
      sub(
        await client.request({
          case: 'variableRequest',
          value: { scope: { case: 'sessionId', value: C }, get: ['pid'] },
        }),
        'variableResponse',
      ).values[0]!,
    );
    const r = await invoke(
      client,
      `iterm2.move_session(session: "${C}", destination: "${A}", vertical: false, before: true)`,
    );
    expect(r.disposition).toEqual({
      case: 'success',
      value: expect.objectContaining({ jsonResult: 'null' }),
    });
    expect(await tree()).toBe('v[h[C,A],B]');
    const pidAfter = JSON.parse(
      sub(
        await client.request({
          case: 'variableRequest',
          value: { scope: { case: 'sessionId', value: C }, get: ['pid'] },
        }),
        'variableResponse',
      ).values[0]!,
    );
    expect(pidAfter).toBe(pidBefore);
  });

  it('move_session_to_new_tab returns the new tab id; move_session_to_new_window the window id', async () => {
    const r = await invoke(client, `iterm2.move_session_to_new_tab(session: "${B}", tab_index: 0)`);
    expect(r.disposition.case).toBe('success');
    const newTab = JSON.parse((r.disposition.value as { jsonResult: string }).jsonResult) as string;
    const list = await listSessions(client);
    expect(list.windows[0]!.tabs.map((t) => t.tabId)).toEqual([newTab, tab1]);
    expect(await tree()).toBe('v[A,C]');
    expect(await tree(newTab)).toBe('h[B]');
    const w = await invoke(client, `iterm2.move_session_to_new_window(session: "${C}")`);
    const newWindow = JSON.parse((w.disposition.value as { jsonResult: string }).jsonResult) as string;
    expect(newWindow).toMatch(/^pty-/);
    expect((await listSessions(client)).windows.map((x) => x.windowId)).toContain(newWindow);
  });

  it('move_session_to_new_window refuses a session alone in its window', async () => {
    const alone = await newWindow(client);
    const r = await invoke(client, `iterm2.move_session_to_new_window(session: "${alone.sessionId}")`);
    expect(r.disposition.case).toBe('error');
    expect(r.disposition.value).toMatchObject({ status: InvokeFunctionResponse_Status.FAILED });
  });

  it('apply_layout reshapes, creates new_session leaves in place, closes what it is told to', async () => {
    const spec = {
      tabs: [
        {
          tab_id: tab1,
          root: {
            vertical: false,
            children: [
              { session_id: C },
              {
                vertical: true,
                children: [
                  { session_id: A },
                  { new_session: { profile: DEFAULT_PROFILE_GUID, command: 'cat' } },
                ],
              },
            ],
          },
        },
      ],
      close_sessions: [B],
    };
    const before = server.sessionIds().length;
    await client.request({
      case: 'notificationRequest',
      value: { session: 'all', subscribe: true, notificationType: NotificationType.NOTIFY_ON_LAYOUT_CHANGE },
    });
    const r = await invoke(client, `iterm2.apply_layout(spec_json_b64: "${b64(spec)}")`);
    expect(r.disposition).toEqual({
      case: 'success',
      value: expect.objectContaining({ jsonResult: 'null' }),
    });
    const ids = leaves((await listSessions(client)).windows[0]!.tabs[0]!.root!);
    const fresh = ids.find((id) => ![A, B, C].includes(id))!;
    names.set(fresh, 'N');
    expect(await tree()).toBe('h[C,v[A,N]]');
    expect(server.sessionIds()).toHaveLength(before);
    await client.waitFor(
      (m) => m.kind === 'notification' && m.notification.layoutChangedNotification !== undefined,
    );
    const cmd = JSON.parse(
      sub(
        await client.request({
          case: 'getProfilePropertyRequest',
          value: { session: fresh, keys: ['Command', 'Custom Command'] },
        }),
        'getProfilePropertyResponse',
      )
        .properties.map((p) => `"${p.key}":${p.jsonValue}`)
        .join(',')
        .replace(/^/, '{')
        .replace(/$/, '}'),
    );
    expect(cmd).toEqual({ Command: 'cat', 'Custom Command': 'Yes' });
  });

  it('apply_layout moves panes between two listed tabs (a swap)', async () => {
    const other = await newWindow(client);
    names.set(other.sessionId, 'D');
    const spec = {
      tabs: [
        {
          tab_id: tab1,
          root: { vertical: true, children: [{ session_id: A }, { session_id: other.sessionId }] },
        },
        { tab_id: other.tabId, root: { vertical: false, children: [{ session_id: B }, { session_id: C }] } },
      ],
    };
    const r = await invoke(client, `iterm2.apply_layout(spec_json_b64: "${b64(spec)}")`);
    expect(r.disposition.case).toBe('success');
    expect(await tree()).toBe('v[A,D]');
    expect(await tree(other.tabId)).toBe('h[B,C]');
  });

  const refusals: [string, () => unknown, RegExp][] = [
    [
      'a splitter with one child',
      () => ({
        tabs: [{ tab_id: tab1, root: { vertical: true, children: [{ session_id: A }] } }],
        close_sessions: [B, C],
      }),
      /tabs\[0\]\.root: a splitter needs at least 2 children/,
    ],
    [
      'same-orientation nesting',
      () => ({
        tabs: [
          {
            tab_id: tab1,
            root: {
              vertical: true,
              children: [
                { session_id: A },
                { vertical: true, children: [{ session_id: B }, { session_id: C }] },
              ],
            },
          },
        ],
      }),
      /tabs\[0\]\.root\.children\[1\]: same orientation/,
    ],
    [
      'a session twice',
      () => ({
        tabs: [
          {
            tab_id: tab1,
            root: {
              vertical: true,
              children: [{ session_id: A }, { session_id: A }, { session_id: B }, { session_id: C }],
            },
          },
        ],
      }),
      /children\[1\]: session .* appears more than once/,
    ],
    [
      'a session left out and not closed',
      () => ({
        tabs: [{ tab_id: tab1, root: { vertical: true, children: [{ session_id: A }, { session_id: B }] } }],
      }),
      /neither placed nor closed/,
    ],
    [
      'an unlisted tab that loses a session',
      () => ({
        tabs: [{ tab_id: tab2, root: { vertical: true, children: [{ session_id: D }, { session_id: A }] } }],
      }),
      /leaves tab .* which is not listed/,
    ],
    [
      'an unknown profile',
      () => ({
        tabs: [
          {
            tab_id: tab1,
            root: {
              vertical: true,
              children: [
                { session_id: A },
                { session_id: B },
                { session_id: C },
                { new_session: { profile: 'NOPE' } },
              ],
            },
          },
        ],
      }),
      /no profile with guid NOPE/,
    ],
    ['new_tabs', () => ({ new_tabs: [{}] }), /new_tabs is not supported/],
    ['new_windows', () => ({ new_windows: [{}] }), /new_windows is not supported/],
    ['an unknown tab', () => ({ tabs: [{ tab_id: '9999', root: { session_id: A } }] }), /no such tab 9999/],
  ];
  let tab2 = '';
  let D = '';
  for (const [what, spec, reason] of refusals) {
    it(`apply_layout refuses ${what} and changes nothing`, async () => {
      const other = await newWindow(client);
      tab2 = other.tabId;
      D = other.sessionId;
      names.set(D, 'D');
      const r = await invoke(client, `iterm2.apply_layout(spec_json_b64: "${b64(spec())}")`);
      expect(r.disposition.case).toBe('error');
      expect(r.disposition.value).toMatchObject({
        status: InvokeFunctionResponse_Status.FAILED,
        errorReason: expect.stringMatching(reason),
      });
      expect(await tree()).toBe('v[A,h[B,C]]');
      expect(await tree(tab2)).toBe('h[D]');
    });
  }

  it('contexts: unknown ids → INVALID_ID, a method without receiver → REQUEST_MALFORMED', async () => {
    expect(
      (await invoke(client, 'iterm2.set_name(name: "x")', { session: 'nope' })).disposition.value,
    ).toMatchObject({ status: InvokeFunctionResponse_Status.INVALID_ID });
    expect(
      (await invoke(client, 'iterm2.set_title(title: "x")', { tab: '424242' })).disposition.value,
    ).toMatchObject({ status: InvokeFunctionResponse_Status.INVALID_ID });
    expect(
      (await invoke(client, 'iterm2.set_title(title: "x")', { window: 'pty-nope' })).disposition.value,
    ).toMatchObject({ status: InvokeFunctionResponse_Status.INVALID_ID });
    expect(
      (await invoke(client, 'iterm2.set_name(name: "x")', { method: '' })).disposition.value,
    ).toMatchObject({ status: InvokeFunctionResponse_Status.REQUEST_MALFORMED });
    expect((await invoke(client, 'iterm2.no_such_function()')).disposition.value).toMatchObject({
      status: InvokeFunctionResponse_Status.FAILED,
    });
    expect((await invoke(client, 'iterm2.move_session(session: ')).disposition.value).toMatchObject({
      status: InvokeFunctionResponse_Status.FAILED,
    });
  });

  it('set_name (session method) and set_title (tab and window methods) show in ListSessions and variables', async () => {
    await client.request({
      case: 'notificationRequest',
      value: {
        subscribe: true,
        notificationType: NotificationType.NOTIFY_ON_VARIABLE_CHANGE,
        arguments: { case: 'variableMonitorRequest', value: { name: 'title', scope: 2, identifier: tab1 } },
      },
    });
    expect(
      (await invoke(client, 'iterm2.set_name(name: "builder \\"one\\"")', { method: A })).disposition.case,
    ).toBe('success');
    expect(
      (await invoke(client, 'iterm2.set_title(title: "team-a")', { method: tab1 })).disposition.case,
    ).toBe('success');
    expect(
      (await invoke(client, 'iterm2.set_title(title: "win")', { method: window1 })).disposition.case,
    ).toBe('success');
    const list = await listSessions(client);
    const titleOf = (id: string) => {
      const find = (n: NonNullable<(typeof list.windows)[0]['tabs'][0]['root']>): string | undefined => {
        for (const l of n.links) {
          if (l.child.case === 'session' && l.child.value.uniqueIdentifier === id) return l.child.value.title;
          if (l.child.case === 'node') {
            const t = find(l.child.value);
            if (t) return t;
          }
        }
        return undefined;
      };
      return find(list.windows[0]!.tabs[0]!.root!);
    };
    expect(titleOf(A)).toBe('builder "one"');
    const tabTitle = sub(
      await client.request({
        case: 'variableRequest',
        value: { scope: { case: 'tabId', value: tab1 }, get: ['title'] },
      }),
      'variableResponse',
    );
    expect(tabTitle.values).toEqual(['"team-a"']);
    const winTitle = sub(
      await client.request({
        case: 'variableRequest',
        value: { scope: { case: 'windowId', value: window1 }, get: ['title'] },
      }),
      'variableResponse',
    );
    expect(winTitle.values).toEqual(['"win"']);
    await eventually(() =>
      client
        .notifications()
        .some(
          (n) =>
            n.variableChangedNotification?.name === 'title' &&
            n.variableChangedNotification.jsonNewValue === '"team-a"',
        ),
    );
  });

  it('select_pane_in_direction (tab method) moves focus to the neighbour and returns its id, or null', async () => {
    // The last split left C active; start from A.
    await client.request({
      case: 'activateRequest',
      value: { identifier: { case: 'sessionId', value: A }, selectSession: true },
    });
    const right = await invoke(client, 'iterm2.select_pane_in_direction(direction: "right")', {
      method: tab1,
    });
    expect(right.disposition).toEqual({
      case: 'success',
      value: expect.objectContaining({ jsonResult: JSON.stringify(B) }),
    });
    const below = await invoke(client, 'iterm2.select_pane_in_direction(direction: "below")', {
      method: tab1,
    });
    expect(below.disposition).toEqual({
      case: 'success',
      value: expect.objectContaining({ jsonResult: JSON.stringify(C) }),
    });
    const none = await invoke(client, 'iterm2.select_pane_in_direction(direction: "right")', {
      method: tab1,
    });
    expect(none.disposition).toEqual({
      case: 'success',
      value: expect.objectContaining({ jsonResult: 'null' }),
    });
    const focus = sub(
      await client.request({ case: 'focusRequest', value: {} }),
      'focusResponse',
    ).notifications;
    expect(focus.at(-1)!.event).toEqual({ case: 'session', value: C });
  });

  it('a script-registered function is invoked through its connection and its answer returned', async () => {
    const script = await RawClient.connect({ port: server.port });
    const reg = sub(
      await script.request({
        case: 'notificationRequest',
        value: {
          subscribe: true,
          notificationType: NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC,
          arguments: {
            case: 'rpcRegistrationRequest',
            value: { name: 'double_it', arguments: [{ name: 'n' }] },
          },
        },
      }),
      'notificationResponse',
    );
    expect(reg.status).toBe(0);
    const dup = sub(
      await client.request({
        case: 'notificationRequest',
        value: {
          subscribe: true,
          notificationType: NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC,
          arguments: {
            case: 'rpcRegistrationRequest',
            value: { name: 'double_it', arguments: [{ name: 'n' }] },
          },
        },
      }),
      'notificationResponse',
    );
    expect(dup.status).toBe(5); // DUPLICATE_SERVER_ORIGINATED_RPC
    void script
      .waitFor(
        (m) => m.kind === 'notification' && m.notification.serverOriginatedRpcNotification !== undefined,
      )
      .then(async (m) => {
        const call = (m as Extract<typeof m, { kind: 'notification' }>).notification
          .serverOriginatedRpcNotification!;
        const n = JSON.parse(call.rpc!.arguments[0]!.jsonValue) as number;
        await script.request({
          case: 'serverOriginatedRpcResultRequest',
          value: { requestId: call.requestId, result: { case: 'jsonValue', value: JSON.stringify(n * 2) } },
        });
      });
    const r = await invoke(client, 'double_it(n: 21)');
    expect(r.disposition).toEqual({ case: 'success', value: expect.objectContaining({ jsonResult: '42' }) });
    await script.close();
    const gone = await invoke(client, 'double_it(n: 1)');
    expect(gone.disposition.case).toBe('error');
  });
});
