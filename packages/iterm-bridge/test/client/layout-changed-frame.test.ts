import { equals } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { layoutChangedNotification } from '../../src/client/layout-changed-frame';
import { NotificationSchema } from '../../src/gen/api_pb';
import { decodedNotification, frameOf } from './notification-frames';

/** A listing of `count` windows, one tab and one session each (a fleet's layout). */
const listingOf = (count: number) => ({
  windows: Array.from({ length: count }, (_, i) => ({
    windowId: `pty-${i}`,
    number: i,
    tabs: [
      {
        tabId: String(i),
        root: {
          vertical: i % 2 === 0,
          links: [
            {
              child: {
                case: 'session' as const,
                value: {
                  uniqueIdentifier: `5F0B7D8E-1234-4A5B-9C0D-${String(i).padStart(12, '0')}`,
                  title: `bash é✓ ${i}`,
                  gridSize: { width: 80 + i, height: 24 },
                },
              },
            },
          ],
        },
      },
    ],
  })),
});

describe('layout-change frames: the listing decoded when read', () => {
  it.each([0, 1, 3, 100])(
    'a layout change listing %i sessions reads as the general decoder gives it',
    (count) => {
      const bytes = frameOf({ layoutChangedNotification: { listSessionsResponse: listingOf(count) } });
      const lazy = layoutChangedNotification(bytes)!;
      expect(lazy).toBeDefined();
      expect(equals(NotificationSchema, lazy, decodedNotification(bytes)!)).toBe(true);
      expect(lazy.layoutChangedNotification!.listSessionsResponse!.windows).toHaveLength(count);
    },
  );

  it('leaves the listing in its bytes until it is read, then keeps what it read', () => {
    const bytes = frameOf({ layoutChangedNotification: { listSessionsResponse: listingOf(2) } });
    const unread = layoutChangedNotification(bytes)!;
    const read = layoutChangedNotification(bytes)!;
    const before = read.layoutChangedNotification!.listSessionsResponse!;
    // The frame's bytes are overwritten afterwards: only a listing not read yet sees it.
    bytes.fill(0xff, bytes.length - 20);
    expect(read.layoutChangedNotification!.listSessionsResponse).toBe(before);
    expect(read.layoutChangedNotification!.listSessionsResponse!.windows).toHaveLength(2);
    expect(unread.layoutChangedNotification!.listSessionsResponse).toBeUndefined();
  });

  it.each<[string, Uint8Array]>([
    [
      'a layout change that carries an id',
      frameOf({ layoutChangedNotification: { listSessionsResponse: listingOf(1) } }, 3n),
    ],
    ['a layout change without a listing', frameOf({ layoutChangedNotification: {} })],
    ['a screen update', frameOf({ screenUpdateNotification: { session: 'S1' } })],
    [
      'a layout change with a second notification in it',
      frameOf({
        layoutChangedNotification: { listSessionsResponse: listingOf(1) },
        newSessionNotification: { sessionId: 'S2' },
      }),
    ],
    [
      'a truncated frame',
      frameOf({ layoutChangedNotification: { listSessionsResponse: listingOf(2) } }).subarray(0, 30),
    ],
  ])('%s takes the general decoder', (_, bytes) => {
    expect(layoutChangedNotification(bytes)).toBeUndefined();
  });
});
