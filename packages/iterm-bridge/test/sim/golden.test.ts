import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FocusChangedNotification_Window_WindowStatus as WindowStatus,
  LineContents_Continuation,
  type FocusChangedNotification,
  type ListSessionsResponse,
  type ServerOriginatedMessage,
  type SplitTreeNode,
} from '../../src/gen/api_pb';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { BASH, eventually, RawClient, type Logged } from './raw-client';
import { encodeWire, toHex, type WireField } from './wire';

interface Step {
  name: string;
  request: WireField[];
  hex?: string;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/python-2.21-golden.json', import.meta.url), 'utf8'),
) as { steps: Step[] };
const step = (i: number) => fixture.steps[i]!;

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

type Sub = ServerOriginatedMessage['submessage'];
type ValueOf<C> = Extract<Sub, { case: C }> extends { value: infer V } ? V : never;

function sub<C extends NonNullable<Sub['case']>>(m: ServerOriginatedMessage, c: C): ValueOf<C> {
  expect(m.submessage.case).toBe(c);
  return m.submessage.value as ValueOf<C>;
}

const indexOf = (log: Logged[], match: (m: Logged) => boolean) => log.findIndex(match);
const isResponse = (id: number) => (m: Logged) => m.kind === 'response' && m.id === BigInt(id);

function sessionLeaves(node: SplitTreeNode): string[] {
  return node.links.flatMap((l) =>
    l.child.case === 'session'
      ? [l.child.value.uniqueIdentifier]
      : l.child.case === 'node'
        ? sessionLeaves(l.child.value)
        : [],
  );
}

describe('golden: the request sequence of the official Python library (iterm2 2.21)', () => {
  let server: SimServer;
  let client: RawClient;
  const refs: Record<string, string> = {};
  const run = async (i: number) => {
    const bytes = encodeWire(step(i).request, refs);
    if (step(i).hex) expect(toHex(bytes), step(i).name).toBe(step(i).hex);
    return client.call(bytes, BigInt(i));
  };

  beforeAll(async () => {
    server = await startSimServer({ shell: BASH });
    client = await RawClient.connect({ port: server.port });
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('async_get_app: list_sessions, five subscriptions, focus, broadcast domains', async () => {
    const list = sub(await run(0), 'listSessionsResponse');
    expect(list.windows).toEqual([]);
    expect(list.buriedSessions).toEqual([]);
    for (let i = 1; i <= 5; i++)
      expect(sub(await run(i), 'notificationResponse').status, step(i).name).toBe(0);
    const focus = sub(await run(6), 'focusResponse').notifications;
    expect(focus.map((f) => f.event.case)).toEqual(['applicationActive', 'window']);
    expect(focus[0]!.event.value).toBe(true);
    const window = focus[1]!.event.value as Extract<
      FocusChangedNotification['event'],
      { case: 'window' }
    >['value'];
    expect(window.windowStatus).toBe(WindowStatus.TERMINAL_WINDOW_RESIGNED_KEY);
    expect(sub(await run(7), 'getBroadcastDomainsResponse').broadcastDomains).toEqual([]);
    // Nothing is pushed before the first response (Python would take an id-less message for request 0).
    expect(client.log[0]!.kind).toBe('response');
  });

  it('Window.async_create: NewSession before the response, layout after it, focus after layout', async () => {
    const created = sub(await run(8), 'createTabResponse');
    expect(created.status).toBe(0);
    expect(created.windowId).toMatch(/^pty-[0-9A-F-]{36}$/);
    expect(typeof created.tabId).toBe('number');
    expect(created.tabId).toBeGreaterThan(0);
    expect(created.sessionId).toMatch(UUID);
    refs['session'] = created.sessionId;
    const log = client.log;
    const newSession = indexOf(
      log,
      (m) =>
        m.kind === 'notification' && m.notification.newSessionNotification?.sessionId === created.sessionId,
    );
    const response = indexOf(log, isResponse(8));
    expect(newSession).toBeGreaterThanOrEqual(0);
    expect(newSession).toBeLessThan(response);
    await client.waitFor(
      (m) => m.kind === 'notification' && m.notification.layoutChangedNotification !== undefined,
    );
    await client.waitFor(
      (m) => m.kind === 'notification' && m.notification.focusChangedNotification !== undefined,
    );
    const layout = indexOf(
      log,
      (m) => m.kind === 'notification' && m.notification.layoutChangedNotification !== undefined,
    );
    const focus = indexOf(
      log,
      (m) => m.kind === 'notification' && m.notification.focusChangedNotification !== undefined,
    );
    expect(layout).toBeGreaterThan(response);
    expect(focus).toBeGreaterThan(layout);

    const list: ListSessionsResponse = sub(await run(9), 'listSessionsResponse');
    expect(list.windows).toHaveLength(1);
    const w = list.windows[0]!;
    expect(w.windowId).toBe(created.windowId);
    expect(w.frame?.size?.width).toBeGreaterThan(0);
    expect(w.tabs).toHaveLength(1);
    expect(w.tabs[0]!.tabId).toBe(String(created.tabId));
    expect(w.tabs[0]!.tmuxWindowId).toBe('-1');
    const root = w.tabs[0]!.root!;
    expect(root.links).toHaveLength(1);
    const leaf = root.links[0]!.child;
    expect(leaf.case).toBe('session');
    const summary = leaf.value as Extract<typeof leaf, { case: 'session' }>['value'];
    expect(summary.uniqueIdentifier).toBe(created.sessionId);
    expect(summary.gridSize).toMatchObject({ width: 80, height: 25 });
    expect(summary.title).not.toBe('');

    const focusNow = sub(await run(10), 'focusResponse').notifications.map((f) => f.event);
    expect(focusNow).toEqual([
      { case: 'applicationActive', value: true },
      {
        case: 'window',
        value: expect.objectContaining({
          windowStatus: WindowStatus.TERMINAL_WINDOW_BECAME_KEY,
          windowId: created.windowId,
        }),
      },
      { case: 'selectedTab', value: String(created.tabId) },
      { case: 'session', value: created.sessionId },
    ]);
  });

  it('Session.async_split_pane(vertical=True): explicit false fields, NewSession first, tree left to right', async () => {
    const before = client.log.length;
    const split = sub(await run(11), 'splitPaneResponse');
    expect(split.status).toBe(0);
    expect(split.sessionId).toHaveLength(1);
    refs['newSession'] = split.sessionId[0]!;
    const recent = client.log.slice(before);
    const ns = indexOf(
      recent,
      (m) =>
        m.kind === 'notification' && m.notification.newSessionNotification?.sessionId === split.sessionId[0],
    );
    expect(ns).toBeGreaterThanOrEqual(0);
    expect(ns).toBeLessThan(indexOf(recent, isResponse(11)));
    const list = sub(await run(12), 'listSessionsResponse');
    const root = list.windows[0]!.tabs[0]!.root!;
    expect(root.vertical).toBe(true);
    expect(sessionLeaves(root)).toEqual([refs['session'], refs['newSession']]);
    const grids = root.links.map((l) => (l.child.case === 'session' ? l.child.value.gridSize : undefined));
    expect(grids.map((g) => g!.height)).toEqual([25, 25]);
    expect(grids[0]!.width + grids[1]!.width + 1).toBe(80);
    sub(await run(13), 'focusResponse');
  });

  it('send_text then get_buffer(screen_contents_only, include_styles)', async () => {
    expect(sub(await run(14), 'sendTextResponse').status).toBe(0);
    // The shell answers asynchronously: watch on a side connection until the output is on screen.
    const side = await RawClient.connect({ port: server.port });
    await eventually(async () => {
      const r = await side.request({
        case: 'getBufferRequest',
        value: { session: refs['session']!, lineRange: { screenContentsOnly: true } },
      });
      return sub(r, 'getBufferResponse').contents.some((l) => l.text === 'golden-42');
    });
    await side.close();
    const buffer = sub(await run(15), 'getBufferResponse');
    expect(buffer.status).toBe(0);
    expect(buffer.contents).toHaveLength(25);
    const output = buffer.contents.findIndex((l) => l.text === 'golden-42');
    expect(output).toBeGreaterThan(0);
    expect(buffer.contents[output - 1]!.text).toContain('echo golden-$((6*7))');
    for (const line of buffer.contents) {
      const cells = line.codePointsPerCell.reduce((n, c) => n + c.repeats, 0);
      const points = line.codePointsPerCell.reduce((n, c) => n + c.numCodePoints * c.repeats, 0);
      expect(points).toBe([...line.text].length);
      expect(line.style.reduce((n, s) => n + s.repeats, 0)).toBe(cells);
      expect(line.continuation).toBe(LineContents_Continuation.HARD_EOL);
    }
    expect(buffer.cursor).toBeDefined();
    expect(Number(buffer.cursor!.y)).toBeGreaterThan(output);
    expect(buffer.windowedCoordRange?.coordRange?.start?.y).toBe(0n);
    expect(buffer.windowedCoordRange?.coordRange?.end?.y).toBe(25n);
  });

  it('set_profile_property (assignments) then get_profile_property', async () => {
    expect(sub(await run(16), 'setProfilePropertyResponse').status).toBe(0);
    const got = sub(await run(17), 'getProfilePropertyResponse');
    expect(got.status).toBe(0);
    const props = Object.fromEntries(got.properties.map((p) => [p.key, JSON.parse(p.jsonValue) as unknown]));
    expect(props).toEqual({
      'Tab Color': {
        'Red Component': 1,
        'Green Component': 0,
        'Blue Component': 0,
        'Alpha Component': 1,
        'Color Space': 'sRGB',
      },
      'Use Tab Color': true,
    });
  });

  it('variables: set user.role, read it back JSON-encoded', async () => {
    const set = sub(await run(18), 'variableResponse');
    expect(set.status).toBe(0);
    expect(set.values).toEqual([]);
    const get = sub(await run(19), 'variableResponse');
    expect(get.values).toEqual(['"lead"']);
  });

  it('close(force=False): one OK status, TerminateSession, layout without the pane', async () => {
    const before = client.log.length;
    const closed = sub(await run(20), 'closeResponse');
    expect(closed.statuses).toEqual([0]);
    await client.waitFor(
      (m) =>
        m.kind === 'notification' &&
        m.notification.terminateSessionNotification?.sessionId === refs['newSession'],
    );
    const layout = await client.waitFor(
      (m) =>
        client.log.indexOf(m) >= before &&
        m.kind === 'notification' &&
        m.notification.layoutChangedNotification !== undefined,
    );
    const snapshot = (layout as Extract<Logged, { kind: 'notification' }>).notification
      .layoutChangedNotification!.listSessionsResponse!;
    expect(sessionLeaves(snapshot.windows[0]!.tabs[0]!.root!)).toEqual([refs['session']]);
    expect(server.sessionIds()).toEqual([refs['session']]);
  });
});
