import { toBinary } from '@bufbuild/protobuf';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CloseResponse_Status,
  CreateTabResponse_Status,
  GetBufferResponse_Status,
  ReorderTabsResponse_Status,
  SavedArrangementRequest_Action,
  SetProfilePropertyResponse_Status,
  ServerOriginatedMessageSchema,
  SetTabLayoutResponse_Status,
  type SplitTreeNode,
} from '../../src/gen/api_pb';
import { DEFAULT_PROFILE_GUID } from '../../src/sim/profiles';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { leaves, listSessions, newWindow, split, sub } from './helpers';
import { BASH, eventually, RawClient } from './raw-client';

describe('requests (§4, §5, §9, §10)', () => {
  let server: SimServer;
  let client: RawClient;
  let w: { windowId: string; tabId: string; sessionId: string };
  beforeAll(async () => {
    server = await startSimServer({ shell: BASH });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    client = await RawClient.connect({ port: server.port });
    w = await newWindow(client);
  });
  afterEach(async () => {
    const ids = (await listSessions(client)).windows.map((x) => x.windowId);
    await client.request({
      case: 'closeRequest',
      value: { target: { case: 'windows', value: { windowIds: ids } }, force: true },
    });
    await client.close();
  });

  const buffer = async (lineRange: Record<string, unknown>, includeStyles = false) =>
    sub(
      await client.request({
        case: 'getBufferRequest',
        value: { session: w.sessionId, lineRange: lineRange as never, includeStyles },
      }),
      'getBufferResponse',
    );
  const inject = (text: string) =>
    client.request({
      case: 'injectRequest',
      value: { sessionId: [w.sessionId], data: new TextEncoder().encode(text) },
    });

  it('get_buffer: absolute line numbers across scrollback, trailing lines, windowed ranges, styles, wrapping', async () => {
    // The shell's first prompt must be out before the injected lines, or it lands after them (seen under load).
    await vi.waitFor(async () => {
      const first = await buffer({ screenContentsOnly: true });
      expect(first.contents.some((l) => l.text.startsWith('$'))).toBe(true);
    }, 10_000);
    await inject('\x1b[2J\x1b[H');
    await inject(Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\r\n'));
    const screen = await buffer({ screenContentsOnly: true });
    const first = Number(screen.windowedCoordRange!.coordRange!.start!.y);
    expect(first).toBeGreaterThan(0);
    expect(screen.contents.at(-1)!.text).toBe('line 39');
    const trailing = await buffer({ trailingLines: 3 });
    expect(trailing.contents.map((l) => l.text)).toEqual(['line 37', 'line 38', 'line 39']);
    // The absolute line of "line 39" is the screen's last row; ask for it by number.
    const abs = first + screen.contents.length - 1;
    const one = await buffer({
      windowedCoordRange: {
        coordRange: { start: { x: 0, y: BigInt(abs) }, end: { x: 0, y: BigInt(abs + 1) } },
      },
    });
    expect(one.contents.map((l) => l.text)).toEqual(['line 39']);
    await inject('\r\n\x1b[1;31mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[0m\r\n' + 'x'.repeat(100));
    const styled = await buffer({ trailingLines: 3 }, true);
    const redLine = styled.contents[0]!;
    expect(redLine.text).toBe('red rgb');
    expect(redLine.style[0]).toMatchObject({
      repeats: 3,
      bold: true,
      fgColor: { case: 'fgStandard', value: 1 },
    });
    expect(redLine.style[2]).toMatchObject({
      repeats: 3,
      fgColor: { case: 'fgRgb', value: expect.objectContaining({ red: 1, green: 2, blue: 3 }) },
    });
    expect(styled.contents[1]!.continuation).toBe(2); // SOFT_EOL: the 100 x's wrap at 80 columns
    expect(styled.contents[2]!.text).toBe('x'.repeat(20));
    expect(
      sub(
        await client.request({
          case: 'getBufferRequest',
          value: { session: 'nope', lineRange: { screenContentsOnly: true } },
        }),
        'getBufferResponse',
      ).status,
    ).toBe(GetBufferResponse_Status.SESSION_NOT_FOUND);
  });

  it('get_buffer counts lines dropped from scrollback (overflow) so numbers never shift', async () => {
    await client.request({
      case: 'setProfilePropertyRequest',
      value: {
        target: { case: 'session', value: w.sessionId },
        assignments: [{ key: 'Scrollback Lines', jsonValue: '1000' }],
      },
    });
    await inject(Array.from({ length: 1200 }, (_, i) => `n${i}`).join('\r\n'));
    const lines = JSON.parse(
      sub(
        await client.request({
          case: 'getPropertyRequest',
          value: { identifier: { case: 'sessionId', value: w.sessionId }, name: 'number_of_lines' },
        }),
        'getPropertyResponse',
      ).jsonValue,
    ) as { overflow: number; history: number; grid: number };
    expect(lines.history).toBe(1000);
    expect(lines.grid).toBe(25);
    expect(lines.overflow).toBeGreaterThan(0);
    // Ask for an absolute line: it is the same line however much scrolled since.
    const lineOf = async (n: number) => {
      const r = await buffer({
        windowedCoordRange: {
          coordRange: { start: { x: 0, y: BigInt(n) }, end: { x: 0, y: BigInt(n + 1) } },
        },
      });
      return r.contents.map((l) => l.text);
    };
    const target = lines.overflow + 10;
    const before = await lineOf(target);
    await inject('\r\nmore\r\nmore');
    expect(await lineOf(target)).toEqual(before);
  });

  it('over TCP a get_buffer answer stays under 1 MiB (oldest lines dropped); over a unix socket it is whole', async () => {
    const cell = (i: number) =>
      `\x1b[38;2;${i % 256};${(i * 7) % 256};${(i * 13) % 256}m\x1b[48;2;${(i * 3) % 256};${(i * 5) % 256};${(i * 11) % 256}m#`;
    const line = Array.from({ length: 80 }, (_, i) => cell(i)).join('') + '\x1b[0m';
    for (let chunk = 0; chunk < 11; chunk++)
      await inject(Array.from({ length: 100 }, () => line).join('\r\n') + '\r\n');
    const request = { session: w.sessionId, lineRange: { trailingLines: 1_000_000 }, includeStyles: true };
    const tcp = await client.request({ case: 'getBufferRequest', value: request });
    const tcpBuffer = sub(tcp, 'getBufferResponse');
    expect(toBinary(ServerOriginatedMessageSchema, tcp).length).toBeLessThan(1024 * 1024);
    expect(tcpBuffer.contents.length).toBeGreaterThan(100);
    const unixPath = join(tmpdir(), `sim-big-${process.pid}.sock`);
    const viaUnix = await startSimServer({ shell: BASH, unixPath });
    try {
      const u = await RawClient.connect({ unixPath });
      const made = sub(
        await u.request({ case: 'createTabRequest', value: {} }),
        'createTabResponse',
      ).sessionId;
      for (let chunk = 0; chunk < 11; chunk++)
        await u.request({
          case: 'injectRequest',
          value: {
            sessionId: [made],
            data: new TextEncoder().encode(Array.from({ length: 100 }, () => line).join('\r\n') + '\r\n'),
          },
        });
      const whole = await u.request({ case: 'getBufferRequest', value: { ...request, session: made } });
      expect(toBinary(ServerOriginatedMessageSchema, whole).length).toBeGreaterThan(1024 * 1024);
      expect(sub(whole, 'getBufferResponse').contents.length).toBeGreaterThan(tcpBuffer.contents.length);
      await u.close();
    } finally {
      await viaUnix.close();
    }
    // The TCP answer kept the newest lines: its range ends at the screen's last line.
    expect(tcpBuffer.windowedCoordRange!.coordRange!.end!.y).toBe(
      sub(
        await client.request({
          case: 'getBufferRequest',
          value: { session: w.sessionId, lineRange: { screenContentsOnly: true } },
        }),
        'getBufferResponse',
      ).windowedCoordRange!.coordRange!.end!.y,
    );
  }, 120_000);

  it('create_tab: a command from custom profile properties runs in the pane', async () => {
    const r = sub(
      await client.request({
        case: 'createTabRequest',
        value: {
          windowId: w.windowId,
          customProfileProperties: [
            { key: 'Custom Command', jsonValue: '"Yes"' },
            { key: 'Command', jsonValue: '"printf sim-command-ran; sleep 30"' },
          ],
        },
      }),
      'createTabResponse',
    );
    expect(r.status).toBe(0);
    await eventually(async () => {
      const b = sub(
        await client.request({
          case: 'getBufferRequest',
          value: { session: r.sessionId, lineRange: { screenContentsOnly: true } },
        }),
        'getBufferResponse',
      );
      return b.contents[0]?.text === 'sim-command-ran';
    });
    const bad = sub(
      await client.request({ case: 'createTabRequest', value: { profileName: 'Nope' } }),
      'createTabResponse',
    );
    expect(bad.status).toBe(CreateTabResponse_Status.INVALID_PROFILE_NAME);
    const badWindow = sub(
      await client.request({ case: 'createTabRequest', value: { windowId: 'pty-nope' } }),
      'createTabResponse',
    );
    expect(badWindow.status).toBe(CreateTabResponse_Status.INVALID_WINDOW_ID);
    const env = sub(
      await client.request({
        case: 'splitPaneRequest',
        value: { session: w.sessionId, customProfileProperties: [{ key: 'Command', jsonValue: '{bad' }] },
      }),
      'splitPaneResponse',
    );
    expect(env.status).toBe(4); // MALFORMED_CUSTOM_PROFILE_PROPERTY
  });

  it('the shell sees ITERM_SESSION_ID ending in its session id', async () => {
    await client.request({
      case: 'sendTextRequest',
      value: { session: w.sessionId, text: 'echo "id=${ITERM_SESSION_ID#*:}"\r' },
    });
    await eventually(async () =>
      (await buffer({ screenContentsOnly: true })).contents.some((l) => l.text === `id=${w.sessionId}`),
    );
  });

  it('set_profile_property errors: unknown key, wrong type, bad JSON, no target, bad guid', async () => {
    const set = async (value: Record<string, unknown>) =>
      sub(
        await client.request({ case: 'setProfilePropertyRequest', value: value as never }),
        'setProfilePropertyResponse',
      ).status;
    const target = { case: 'session', value: w.sessionId };
    expect(await set({ target, assignments: [{ key: 'No Such Key', jsonValue: '1' }] })).toBe(
      SetProfilePropertyResponse_Status.REQUEST_MALFORMED,
    );
    expect(await set({ target, assignments: [{ key: 'Use Tab Color', jsonValue: '"yes"' }] })).toBe(
      SetProfilePropertyResponse_Status.REQUEST_MALFORMED,
    );
    expect(await set({ target, assignments: [{ key: 'Badge Text', jsonValue: 'not json' }] })).toBe(
      SetProfilePropertyResponse_Status.REQUEST_MALFORMED,
    );
    expect(await set({ assignments: [{ key: 'Badge Text', jsonValue: '"x"' }] })).toBe(
      SetProfilePropertyResponse_Status.REQUEST_MALFORMED,
    );
    expect(
      await set({
        target: { case: 'guidList', value: { guids: ['nope'] } },
        assignments: [{ key: 'Badge Text', jsonValue: '"x"' }],
      }),
    ).toBe(SetProfilePropertyResponse_Status.BAD_GUID);
    expect(
      await set({
        target: { case: 'session', value: 'nope' },
        assignments: [{ key: 'Badge Text', jsonValue: '"x"' }],
      }),
    ).toBe(SetProfilePropertyResponse_Status.SESSION_NOT_FOUND);
    // Deprecated key/json_value wins over assignments when both are present.
    expect(
      await set({
        target,
        key: 'Badge Text',
        jsonValue: '"legacy"',
        assignments: [{ key: 'Badge Text', jsonValue: '"new"' }],
      }),
    ).toBe(0);
    const badge = sub(
      await client.request({
        case: 'getProfilePropertyRequest',
        value: { session: w.sessionId, keys: ['Badge Text'] },
      }),
      'getProfilePropertyResponse',
    );
    expect(badge.properties[0]!.jsonValue).toBe('"legacy"');
    const profiles = sub(
      await client.request({ case: 'listProfilesRequest', value: { properties: ['Guid', 'Name'] } }),
      'listProfilesResponse',
    );
    expect(profiles.profiles[0]!.properties.map((p) => [p.key, JSON.parse(p.jsonValue)])).toEqual([
      ['Guid', DEFAULT_PROFILE_GUID],
      ['Name', 'Default'],
    ]);
  });

  it('set_tab_layout only resizes: a different shape is WRONG_TREE, same shape resizes the panes', async () => {
    const right = await split(client, w.sessionId, true);
    const tab = (await listSessions(client)).windows[0]!.tabs[0]!;
    const resized: SplitTreeNode = structuredClone(tab.root!);
    const [l, r] = resized.links.map((x) => x.child.value as { gridSize: { width: number; height: number } });
    l!.gridSize.width = 30;
    r!.gridSize.width = 60;
    expect(
      sub(
        await client.request({ case: 'setTabLayoutRequest', value: { tabId: tab.tabId, root: resized } }),
        'setTabLayoutResponse',
      ).status,
    ).toBe(0);
    const after = (await listSessions(client)).windows[0]!.tabs[0]!.root!;
    expect(after.links.map((x) => (x.child.value as { gridSize: { width: number } }).gridSize.width)).toEqual(
      [30, 60],
    );
    const wrong = structuredClone(after);
    wrong.vertical = false;
    expect(
      sub(
        await client.request({ case: 'setTabLayoutRequest', value: { tabId: tab.tabId, root: wrong } }),
        'setTabLayoutResponse',
      ).status,
    ).toBe(SetTabLayoutResponse_Status.WRONG_TREE);
    expect(
      sub(
        await client.request({ case: 'setTabLayoutRequest', value: { tabId: '999', root: after } }),
        'setTabLayoutResponse',
      ).status,
    ).toBe(SetTabLayoutResponse_Status.BAD_TAB_ID);
    expect(leaves(after)).toEqual([w.sessionId, right]);
  });

  it('reorder_tabs places tabs in order and moves them between windows; bad assignments refused', async () => {
    const t2 = String(
      sub(
        await client.request({ case: 'createTabRequest', value: { windowId: w.windowId } }),
        'createTabResponse',
      ).tabId,
    );
    const other = await newWindow(client);
    const reorder = async (assignments: { windowId: string; tabIds: string[] }[]) =>
      sub(await client.request({ case: 'reorderTabsRequest', value: { assignments } }), 'reorderTabsResponse')
        .status;
    expect(await reorder([{ windowId: w.windowId, tabIds: [t2, w.tabId] }])).toBe(0);
    expect(
      (await listSessions(client)).windows.find((x) => x.windowId === w.windowId)!.tabs.map((t) => t.tabId),
    ).toEqual([t2, w.tabId]);
    expect(await reorder([{ windowId: other.windowId, tabIds: [other.tabId, t2] }])).toBe(0);
    const list = await listSessions(client);
    expect(list.windows.find((x) => x.windowId === other.windowId)!.tabs.map((t) => t.tabId)).toEqual([
      other.tabId,
      t2,
    ]);
    expect(await reorder([{ windowId: w.windowId, tabIds: [w.tabId, w.tabId] }])).toBe(
      ReorderTabsResponse_Status.INVALID_ASSIGNMENT,
    );
    expect(await reorder([{ windowId: 'pty-x', tabIds: [] }])).toBe(
      ReorderTabsResponse_Status.INVALID_WINDOW_ID,
    );
    expect(await reorder([{ windowId: w.windowId, tabIds: ['999'] }])).toBe(
      ReorderTabsResponse_Status.INVALID_TAB_ID,
    );
  });

  it('close: one status per id, NOT_FOUND for unknown ones; closing the last pane closes the window', async () => {
    const r = sub(
      await client.request({
        case: 'closeRequest',
        value: { target: { case: 'sessions', value: { sessionIds: ['nope', w.sessionId] } }, force: true },
      }),
      'closeResponse',
    );
    expect(r.statuses).toEqual([CloseResponse_Status.NOT_FOUND, CloseResponse_Status.OK]);
    expect((await listSessions(client)).windows.map((x) => x.windowId)).not.toContain(w.windowId);
  });

  it('restart_session starts a new process in the same pane; only_if_exited refuses a live one', async () => {
    const pid = async () =>
      JSON.parse(
        sub(
          await client.request({
            case: 'variableRequest',
            value: { scope: { case: 'sessionId', value: w.sessionId }, get: ['pid'] },
          }),
          'variableResponse',
        ).values[0]!,
      ) as number;
    const before = await pid();
    expect(
      sub(
        await client.request({
          case: 'restartSessionRequest',
          value: { sessionId: w.sessionId, onlyIfExited: true },
        }),
        'restartSessionResponse',
      ).status,
    ).toBe(2);
    expect(
      sub(
        await client.request({ case: 'restartSessionRequest', value: { sessionId: w.sessionId } }),
        'restartSessionResponse',
      ).status,
    ).toBe(0);
    expect(await pid()).not.toBe(before);
    expect(server.sessionIds()).toContain(w.sessionId);
    expect(
      sub(
        await client.request({ case: 'restartSessionRequest', value: { sessionId: 'all' } }),
        'restartSessionResponse',
      ).status,
    ).toBe(1);
  });

  it('saved arrangements: save, list, restore into new windows with the same tree', async () => {
    await split(client, w.sessionId, false);
    const act = async (name: string, action: SavedArrangementRequest_Action) =>
      sub(
        await client.request({ case: 'savedArrangementRequest', value: { name, action } }),
        'savedArrangementResponse',
      );
    expect((await act('two-panes', SavedArrangementRequest_Action.SAVE)).status).toBe(0);
    expect((await act('', SavedArrangementRequest_Action.LIST)).names).toContain('two-panes');
    const count = (await listSessions(client)).windows.length;
    expect((await act('two-panes', SavedArrangementRequest_Action.RESTORE)).status).toBe(0);
    const list = await listSessions(client);
    expect(list.windows.length).toBe(count + 1);
    const restored = list.windows.at(-1)!.tabs[0]!.root!;
    expect(restored.vertical).toBe(false);
    expect(leaves(restored)).toHaveLength(2);
  });

  it('broadcast domains: validated, and typed text reaches the peers', async () => {
    const peer = await split(client, w.sessionId, true);
    const other = await newWindow(client);
    const set = async (domains: string[][]) =>
      sub(
        await client.request({
          case: 'setBroadcastDomainsRequest',
          value: { broadcastDomains: domains.map((sessionIds) => ({ sessionIds })) },
        }),
        'setBroadcastDomainsResponse',
      ).status;
    expect(await set([[w.sessionId, other.sessionId]])).toBe(3);
    expect(await set([[w.sessionId], [w.sessionId, peer]])).toBe(2);
    expect(await set([['nope']])).toBe(1);
    expect(await set([[w.sessionId, peer]])).toBe(0);
    await client.request({
      case: 'sendTextRequest',
      value: { session: w.sessionId, text: 'echo both-$((1+1))\r' },
    });
    await eventually(async () => {
      const b = sub(
        await client.request({
          case: 'getBufferRequest',
          value: { session: peer, lineRange: { screenContentsOnly: true } },
        }),
        'getBufferResponse',
      );
      return b.contents.some((l) => l.text === 'both-2');
    });
    expect(
      sub(
        await client.request({ case: 'getBroadcastDomainsRequest', value: {} }),
        'getBroadcastDomainsResponse',
      ).broadcastDomains[0]!.sessionIds,
    ).toEqual([w.sessionId, peer]);
    await set([]);
  });
});
