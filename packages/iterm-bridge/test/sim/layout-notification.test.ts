import { create, toBinary } from '@bufbuild/protobuf';
import { allocatedBytes } from '@switchboard/core/testing';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { NotificationType, ServerOriginatedMessageSchema } from '../../src/gen/api_pb';
import type { AppModel } from '../../src/sim/app-model';
import { SimConnection } from '../../src/sim/connection';
import { LayoutNotificationEncoder } from '../../src/sim/layout-notification';
import type { SimWindow } from '../../src/sim/model-types';
import { Notifier } from '../../src/sim/notifications';
import type { SimSession } from '../../src/sim/session';
import { listSessions, type SessionView } from '../../src/sim/session-list';
import type { SplitNode } from '../../src/sim/split-tree';

/** What the listing reads of a session (a fake: no terminal, no process). */
type FakeSession = { id: string; cols: number; rows: number; name: string };

/** A model's windows, tabs, split trees and sessions, as the listing sees them. */
class FakeLayout implements SessionView {
  readonly windows: SimWindow[] = [];
  readonly buried: SimSession[] = [];
  readonly sessions = new Map<string, SimSession>();
  private next = 0;

  session(name = `bash (${this.next})`): FakeSession {
    const session: FakeSession = { id: `S-${this.next++}`, cols: 80, rows: 25, name };
    this.sessions.set(session.id, session as unknown as SimSession);
    return session;
  }

  /** A window whose one tab holds `root` (a single session when not given). */
  window(root: SplitNode = leafTree(this.session())): SimWindow {
    const window: SimWindow = {
      id: `pty-W${this.next++}`,
      number: this.windows.length,
      tabs: [
        { id: String(this.next++), root, activeSessionId: '', title: undefined, userVariables: new Map() },
      ],
      selectedTabId: '',
      cols: 80,
      rows: 25,
      fullscreen: false,
      title: undefined,
      userVariables: new Map(),
    };
    this.windows.push(window);
    return window;
  }
}

const leafTree = (...sessions: FakeSession[]): SplitNode => ({
  kind: 'node',
  vertical: false,
  children: sessions.map((s) => ({ kind: 'session', sessionId: s.id })),
});

/** The notification as the server encoded it before: built and encoded whole. */
const encodedWhole = (view: SessionView) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      submessage: {
        case: 'notification',
        value: {
          layoutChangedNotification: { listSessionsResponse: listSessions(view) },
        },
      },
    }),
  );

describe('the layout-changed notification', () => {
  it('is the bytes of the whole notification encoded, through every change a window’s part is made of', () => {
    const layout = new FakeLayout();
    const encoder = new LayoutNotificationEncoder();
    const same = () => expect(encoder.encode(layout)).toEqual(encodedWhole(layout));
    const plain = layout.window();
    const [a, b, c] = [layout.session(), layout.session('vim — ünïcode | 1:x'), layout.session()];
    const split = layout.window({
      kind: 'node',
      vertical: true,
      children: [{ kind: 'session', sessionId: a.id }, leafTree(b, c)],
    });
    layout.buried.push(layout.session('buried') as unknown as SimSession);
    same();
    same(); // every window's part kept from the listing before
    (layout.sessions.get(b.id) as unknown as FakeSession).name = 'renamed';
    same();
    c.cols = 39;
    same();
    split.frameOrigin = { x: 10, y: 20 };
    same();
    plain.cols = 100;
    same();
    split.tabs.push({ ...split.tabs[0]!, id: '99', root: leafTree(layout.session()) });
    same();
    (split.tabs[0]!.root.children[1] as SplitNode).vertical = true;
    same();
    layout.windows.splice(0, 1); // a window closed
    same();
    layout.buried.length = 0;
    same();
    layout.windows.length = 0;
    same();
  });

  it('encodes only the windows that changed: a listing of 100 windows, one fewer each time, allocates little per window', async () => {
    const layout = new FakeLayout();
    for (let i = 0; i < 101; i++) layout.window();
    const notifier = new Notifier({ screenUpdateIntervalMs: 16 });
    notifier.model = layout as unknown as AppModel;
    const sent: Uint8Array[] = [];
    const socket = { bufferedAmount: 0, send: (bytes: Uint8Array) => sent.push(bytes), terminate: () => {} };
    const stream = { cork: () => {}, uncork: () => {} };
    const client = new SimConnection(1, socket as unknown as WebSocket, '1.0', 'unix', stream);
    client.connectionTypes.add(NotificationType.NOTIFY_ON_LAYOUT_CHANGE);
    notifier.connections.add(client);
    const flushed = () => new Promise((resolve) => setImmediate(resolve)); // the notifier flushes on the next turn
    /** One window closes, one listing sent: bytes allocated per window listed, the least of a few tries. */
    const perWindow: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      for (let i = 0; i < 20 && layout.windows.length > 60; i++) {
        layout.windows.pop();
        notifier.layoutChanged();
        await flushed();
      }
      const listed = layout.windows.length;
      const bytes = await allocatedBytes(async () => {
        layout.windows.pop();
        notifier.layoutChanged();
        await flushed();
      });
      perWindow.push(bytes / listed);
    }
    expect(sent.at(-1)).toEqual(encodedWhole(layout));
    // Here ~260-550 bytes a window (the fixed cost of a flush spread over them); before, every window's messages were
    // built and encoded afresh: 2,060-2,460.
    expect(Math.min(...perWindow), `bytes a window, each try: ${perWindow.join(', ')}`).toBeLessThan(1_000);
  });
});
