// The layout-changed notification's bytes, each window's part kept from the last listing while nothing in it changed.
// Like iTerm2 the server sends the listing of every session at each layout change (once per turn): at 100 windows,
// building and encoding it reflectively took ~0.3 ms here, and 100 shells exiting at once send 5-54 of them, each one
// window short of the last. A window's part is its own message's bytes (a repeated field's elements are encoded one
// after another), so a listing is the windows' kept bytes, each behind its field tag and length, and three
// wrappers around them — the same bytes as encoding the whole notification (test/sim/layout-notification.test.ts).
import { toBinary } from '@bufbuild/protobuf';
import { ListSessionsResponse_WindowSchema, SessionSummarySchema } from '../gen/api_pb';
import type { SimWindow } from './model-types';
import type { SimSession } from './session';
import { buriedSummary, windowMessage, type SessionView } from './session-list';
import type { SplitNode } from './split-tree';

/** Field tags (number << 3 | 2: length-delimited) on the way from the frame down to a window. */
const SERVER_MESSAGE_NOTIFICATION = 1000; // ServerOriginatedMessage.notification
const NOTIFICATION_LAYOUT_CHANGED = 8; // Notification.layout_changed_notification
const LAYOUT_CHANGED_LISTING = 1; // LayoutChangedNotification.list_sessions_response
const LISTING_WINDOW = 1; // ListSessionsResponse.windows
const LISTING_BURIED = 2; // ListSessionsResponse.buried_sessions

export class LayoutNotificationEncoder {
  /** Per window: what its part was made of, and its bytes. */
  private readonly kept = new WeakMap<SimWindow, { shape: WindowShape; bytes: Uint8Array }>();

  /** A ServerOriginatedMessage holding a LayoutChangedNotification with the listing of `view`. */
  encode(view: SessionView): Uint8Array {
    const parts: Uint8Array[] = [];
    const fields: number[] = [];
    for (const window of view.windows) {
      parts.push(this.windowBytes(view.sessions, window));
      fields.push(LISTING_WINDOW);
    }
    for (const session of view.buried) {
      parts.push(toBinary(SessionSummarySchema, buriedSummary(session)));
      fields.push(LISTING_BURIED);
    }
    let listing = 0;
    for (let i = 0; i < parts.length; i++) listing += fieldLength(fields[i]!, parts[i]!.length);
    const layoutChanged = fieldLength(LAYOUT_CHANGED_LISTING, listing);
    const notification = fieldLength(NOTIFICATION_LAYOUT_CHANGED, layoutChanged);
    const out = new Uint8Array(fieldLength(SERVER_MESSAGE_NOTIFICATION, notification));
    let at = header(out, 0, SERVER_MESSAGE_NOTIFICATION, notification);
    at = header(out, at, NOTIFICATION_LAYOUT_CHANGED, layoutChanged);
    at = header(out, at, LAYOUT_CHANGED_LISTING, listing);
    for (let i = 0; i < parts.length; i++) {
      at = header(out, at, fields[i]!, parts[i]!.length);
      out.set(parts[i]!, at);
      at += parts[i]!.length;
    }
    return out;
  }

  private windowBytes(sessions: ReadonlyMap<string, SimSession>, window: SimWindow): Uint8Array {
    const kept = this.kept.get(window);
    if (kept?.shape.matches(sessions, window)) return kept.bytes;
    const shape = kept?.shape ?? new WindowShape();
    shape.keep(sessions, window);
    const bytes = toBinary(ListSessionsResponse_WindowSchema, windowMessage(sessions, window));
    this.kept.set(window, { shape, bytes });
    return bytes;
  }
}

/**
 * Everything a window's part is made of, in order: its id, number, grid and frame origin, and per tab its id and split
 * tree with each session's id, grid and name (the frames follow from these), with the counts of tabs and children.
 * Checked value by value against the ones kept, so a listing whose windows did not change allocates nothing for them.
 */
class WindowShape {
  private values: unknown[] = [];
  private at = 0;
  private same = true;
  private keeping = false;

  /** Whether `window` is made of the values kept. */
  matches(sessions: ReadonlyMap<string, SimSession>, window: SimWindow): boolean {
    this.at = 0;
    this.same = true;
    this.walkWindow(sessions, window);
    return this.same && this.at === this.values.length;
  }

  /** Keeps the values `window` is made of now. */
  keep(sessions: ReadonlyMap<string, SimSession>, window: SimWindow): void {
    this.values = [];
    this.keeping = true;
    this.walkWindow(sessions, window);
    this.keeping = false;
  }

  private see(value: unknown): void {
    if (this.keeping) this.values.push(value);
    else if (this.same && this.values[this.at++] !== value) this.same = false;
  }

  private walkWindow(sessions: ReadonlyMap<string, SimSession>, window: SimWindow): void {
    this.see(window.id);
    this.see(window.number);
    this.see(window.cols);
    this.see(window.rows);
    this.see(window.frameOrigin?.x);
    this.see(window.frameOrigin?.y);
    this.see(window.tabs.length);
    for (const tab of window.tabs) {
      this.see(tab.id);
      this.walkTree(sessions, tab.root);
    }
  }

  private walkTree(sessions: ReadonlyMap<string, SimSession>, node: SplitNode): void {
    this.see(node.vertical);
    this.see(node.children.length);
    for (const child of node.children) {
      this.see(child.kind);
      if (child.kind === 'node') {
        this.walkTree(sessions, child);
        continue;
      }
      const session = sessions.get(child.sessionId);
      this.see(child.sessionId);
      this.see(session?.cols);
      this.see(session?.rows);
      this.see(session?.name);
    }
  }
}

/** Bytes of a length-delimited field (tag, length, body) whose body is `length` bytes. */
function fieldLength(field: number, length: number): number {
  return varintLength((field << 3) | 2) + varintLength(length) + length;
}

/** Writes a length-delimited field's tag and length at `at`; returns where its body goes. */
function header(out: Uint8Array, at: number, field: number, length: number): number {
  return writeVarint(out, writeVarint(out, at, (field << 3) | 2), length);
}

function varintLength(value: number): number {
  let length = 1;
  while (value > 0x7f) {
    value >>>= 7;
    length++;
  }
  return length;
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value > 0x7f) {
    out[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[at++] = value;
  return at;
}
