// A long iTerm2 run opens and closes panes and tabs by the thousand: the backend keeps a bounded record of them.
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { FOCUS_EVENTS_REMEMBERED, FocusTracker } from '../../src/focus-tracker';
import { GONE_REMEMBERED, PaneRegistry } from '../../src/pane-registry';
import { ListSessionsResponseSchema } from '../../src/gen/api_pb';
import { focusEvent } from '../../src/sim/sim-focus';

const CLOSED = process.env['STRESS'] === '1' ? 50_000 : 3_000;

describe('pane and tab churn in the iTerm2 backend', () => {
  it(`keeps at most ${GONE_REMEMBERED} closed panes and ${FOCUS_EVENTS_REMEMBERED} tab selections, whatever the churn`, () => {
    const registry = new PaneRegistry(() => undefined);
    const focus = new FocusTracker(
      () => [],
      () => undefined,
    );
    for (let i = 0; i < CLOSED; i++) {
      registry.forget(`session-${i}`);
      focus.apply(focusEvent({ case: 'selectedTab', value: `tab-${i}` }));
      focus.apply(focusEvent({ case: 'session', value: `session-${i}` }));
    }
    // Their private records, read as they are (before: one entry per pane and tab ever, 3,000 each here).
    const kept = (of: object, field: string) => (of as Record<string, Map<unknown, unknown>>)[field]!.size;
    expect(kept(registry, 'gone')).toBe(GONE_REMEMBERED);
    expect(kept(focus, 'tabSelectedAt')).toBe(FOCUS_EVENTS_REMEMBERED);
    expect(kept(focus, 'sessionActivatedAt')).toBe(FOCUS_EVENTS_REMEMBERED);
  });

  it('still ignores a late listing of a recently closed pane', () => {
    const registry = new PaneRegistry(() => undefined);
    for (let i = 0; i < GONE_REMEMBERED; i++) registry.forget(`session-${i}`);
    expect(registry.reconcile(listingOf('session-0'), registry.stamp())).toEqual([]);
    expect(registry.reconcile(listingOf(`session-${GONE_REMEMBERED - 1}`), registry.stamp())).toEqual([]);
    // One close more: the oldest is forgotten, the newest still held off.
    registry.forget('session-new');
    expect(registry.reconcile(listingOf('session-new'), registry.stamp())).toEqual([]);
  });
});

/** A listing of one window, one tab, one pane. */
const listingOf = (sessionId: string) =>
  create(ListSessionsResponseSchema, {
    windows: [
      {
        windowId: 'window-1',
        tabs: [
          {
            tabId: 'tab-1',
            root: { links: [{ child: { case: 'session', value: { uniqueIdentifier: sessionId } } }] },
          },
        ],
      },
    ],
  });
