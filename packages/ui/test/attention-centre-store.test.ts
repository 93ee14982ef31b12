import { describe, expect, it } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import {
  createAttentionCentre,
  PAGE_LIMIT,
  type AttentionCentre,
} from '../src/attention/attention-centre-store';
import { realFleet } from './real-fleet';

/** Resolves when the centre's state satisfies `ready`. */
function until(centre: AttentionCentre, ready: (s: ReturnType<AttentionCentre['getState']>) => boolean) {
  return new Promise<ReturnType<AttentionCentre['getState']>>((resolve) => {
    if (ready(centre.getState())) return resolve(centre.getState());
    const stop = centre.subscribe((state) => {
      if (!ready(state)) return;
      stop();
      resolve(state);
    });
  });
}

// The centre's store against a real core through the client: every open item is read page by page, the
// history is bounded and paged newest first.
describe('the attention centre store', () => {
  it('reads every open item past one page, lets go of the oldest closed beyond its bound (counted), and loads them again page by page', async () => {
    const fleet = await realFleet({});
    const raise = (i: number) => {
      fleet.clock.advance(10);
      return fleet.orchestrator.attention.notify({
        kind: 'error',
        severity: 'critical',
        agentId: `made-up-${i}`,
        title: `item ${i}`,
        body: 'b',
        approvalId: null,
      })!;
    };
    const total = PAGE_LIMIT + 250;
    const raised = Array.from({ length: total }, (_, i) => raise(i));
    const centre = createAttentionCentre(
      createClient(createLinkedTransport(fleet.orchestrator, humanCaller)),
      {
        closedKept: 3,
      },
    );
    const loaded = await until(centre, (s) => s.loaded);
    expect(Object.keys(loaded.items)).toHaveLength(total);
    expect(loaded.dropped).toBe(0);

    // Ten of the oldest closed: a burst of events, applied together; the three newest closed are kept.
    const closing = raised.slice(0, 10).map((i) => i.id);
    await fleet.orchestrator.invoke(humanCaller, 'attention.dismiss', { ids: closing });
    const bounded = await until(centre, (s) => s.dropped > 0);
    const closed = Object.values(bounded.items).filter((i) => i.status !== 'open');
    expect(closed.map((i) => i.title).sort()).toEqual(['item 7', 'item 8', 'item 9']);
    expect(bounded.dropped).toBe(7);
    expect(Object.values(bounded.items).filter((i) => i.status === 'open')).toHaveLength(total - 10);
    expect(bounded.olderFrom).toBe(raised[7]!.id);

    // Load older: the seven let go come back (the page holds everything older than the mark).
    await centre.getState().loadOlder();
    const older = centre.getState();
    expect(Object.values(older.items).filter((i) => i.status !== 'open')).toHaveLength(10);
    expect(older.olderFrom).toBeNull();
    expect(Object.keys(older.items)).toHaveLength(total);
    centre.dispose();
  });
});
