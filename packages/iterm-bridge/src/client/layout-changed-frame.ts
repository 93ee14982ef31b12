import { create, fromBinary } from '@bufbuild/protobuf';
import {
  ListSessionsResponseSchema,
  NotificationSchema,
  type ListSessionsResponse,
  type Notification,
} from '../gen/api_pb';

/**
 * A layout-change notification carries the listing of every session: ~11 KB and ~0.7 ms of the reflective
 * `fromBinary` at 100 sessions (quiet), and a burst of exits brings one per server turn (2–49 in 100 exits at
 * once, issue 21). When several come back to back only the last one's listing says how things are now, so the
 * listing is decoded when it is first read, not when the frame arrives: a listing nobody reads costs nothing.
 *
 * `ServerOriginatedMessage { notification (1000) { layout_changed_notification (8) { list_sessions_response
 * (1) } } }`, no id, nothing else in it. Tags:
 */
const NOTIFICATION_TAG = [0xc2, 0x3e]; // field 1000, length-delimited
const LAYOUT_CHANGED_TAG = 0x42; // Notification field 8, length-delimited
const LISTING_TAG = 0x0a; // LayoutChangedNotification field 1, length-delimited

/**
 * The notification of a frame that is exactly a layout change with its listing, the listing left in its
 * bytes until read (then decoded once, as the general decoder would); undefined for any other frame, which
 * takes the general decoder. A listing whose bytes turn out not to parse reads as absent.
 */
export function layoutChangedNotification(bytes: Uint8Array): Notification | undefined {
  if (bytes[0] !== NOTIFICATION_TAG[0] || bytes[1] !== NOTIFICATION_TAG[1]) return undefined;
  let at = 2;
  for (const tag of [LAYOUT_CHANGED_TAG, LISTING_TAG, undefined]) {
    const length = varint(bytes, at);
    // Each part reaches exactly to the end of the frame: nothing else rides along.
    if (!length || length.value !== bytes.length - length.next) return undefined;
    at = length.next;
    if (tag === undefined) break;
    if (bytes[at] !== tag) return undefined;
    at++;
  }
  const listing = bytes.subarray(at);
  const notification = create(NotificationSchema, { layoutChangedNotification: {} });
  let decoded: ListSessionsResponse | undefined;
  let read = false;
  Object.defineProperty(notification.layoutChangedNotification!, 'listSessionsResponse', {
    enumerable: true,
    get(): ListSessionsResponse | undefined {
      if (!read) {
        read = true;
        try {
          decoded = fromBinary(ListSessionsResponseSchema, listing);
        } catch {
          decoded = undefined;
        }
      }
      return decoded;
    },
  });
  return notification;
}

/** A base-128 varint at `at` (at most 5 bytes: a frame's lengths fit in 32 bits). */
function varint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5 && at + i < bytes.length; i++) {
    const byte = bytes[at + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return undefined;
}
