import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { startSimWithBackend, type SimAndBackend } from './sim-backend';

let subject: SimAndBackend | undefined;
afterEach(async () => {
  await subject?.dispose();
  subject = undefined;
});

/** How many groups the times fall into when a group is everything within `windowMs` of its first time. */
function groupsWithin(times: number[], windowMs: number): number {
  let groups = 0;
  let opened = -Infinity;
  for (const at of [...times].sort((a, b) => a - b)) {
    if (at - opened < windowMs) continue;
    groups++;
    opened = at;
  }
  return groups;
}

describe('ITerm2Backend: sessions that end together', () => {
  it('share one listing per 100 ms instead of one each, and every pane is still reported closed', async () => {
    subject = await startSimWithBackend();
    const { backend } = subject;
    const panes = [];
    for (let i = 0; i < 8; i++) panes.push(await backend.createPane({}));
    const events: { event: BackendEvent; at: number }[] = [];
    backend.onEvent((event) => events.push({ event, at: performance.now() }));
    // Every listing the backend asks for from here on (the client's calls, passed through unchanged).
    const listings: number[] = [];
    const call = backend.client.call.bind(backend.client);
    backend.client.call = ((...args: Parameters<typeof call>) => {
      if (args[0] === 'listSessionsRequest') listings.push(performance.now());
      return call(...args);
    }) as typeof call;
    const ids = new Set(panes.map((p) => p.id));
    // Each pane's first exit report (a session that closes as its process ends is reported ended twice).
    const exitedAt = () => {
      const first = new Map<string, number>();
      for (const { event, at } of events)
        if (event.type === 'pane.exited' && ids.has(event.paneId) && !first.has(event.paneId))
          first.set(event.paneId, at);
      return [...first.values()];
    };
    // The shells end one after another, 15 ms apart.
    for (const pane of panes) {
      await backend.sendText(pane.id, 'exit\r');
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await eventually(() => exitedAt().length === ids.size || undefined, 10_000, 'every exit');
    await eventually(
      () =>
        events.filter((e) => e.event.type === 'pane.closed' && ids.has(e.event.paneId)).length === ids.size ||
        undefined,
      10_000,
      'every pane closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last listing after the exits
    const listed = (await backend.listPanes()).map((p) => p.id);
    expect(listed.filter((id) => ids.has(id))).toEqual([]);
    // One listing per burst of exit reports (the second report of each session too: it comes as the pane closes and
    // can open a burst of its own), and the listing above. The backend's 100 ms runs from the loop's cached time,
    // which lags the reports' own clock (a report at 99 ms can come after the listing's timer fired): bursts are
    // counted 50 ms wide, so the bound holds on a loaded box and still says far fewer listings than exits.
    const reportedAt = events.filter(({ event }) => event.type === 'pane.exited' && ids.has(event.paneId));
    expect(listings.length).toBeLessThanOrEqual(
      groupsWithin(
        reportedAt.map(({ at }) => at),
        50,
      ) + 1,
    );
    expect(listings.length).toBeLessThan(ids.size);
  });

  it('reports each exit as its notification comes, while the listing after the first exit is still unanswered', async () => {
    subject = await startSimWithBackend();
    const { backend } = subject;
    const panes: { id: string }[] = [];
    for (let i = 0; i < 4; i++) panes.push(await backend.createPane({}));
    // From here on every listing is asked for at once and its answer held until `release` (a slow terminal).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let listingsAsked = 0;
    let listingsAnswered = 0;
    const call = backend.client.call.bind(backend.client);
    backend.client.call = ((...args: Parameters<typeof call>) => {
      const answer = call(...args);
      if (args[0] !== 'listSessionsRequest') return answer;
      listingsAsked++;
      return answer.then(async (value) => {
        await held;
        listingsAnswered++;
        return value;
      });
    }) as typeof call;
    const exited = new Map<string, number>();
    backend.onEvent((event) => {
      // The listings answered when each exit was reported: must be none, all along.
      if (event.type === 'pane.exited' && !exited.has(event.paneId))
        exited.set(event.paneId, listingsAnswered);
    });
    try {
      await backend.sendText(panes[0]!.id, 'exit\r');
      await eventually(() => exited.has(panes[0]!.id) || undefined, 10_000, 'the first exit');
      // The listing after that exit is out and unanswered; the other shells end now.
      await eventually(() => listingsAsked > 0 || undefined, 10_000, 'the listing after the first exit');
      for (const pane of panes.slice(1)) await backend.sendText(pane.id, 'exit\r');
      await eventually(() => exited.size === panes.length || undefined, 10_000, 'every exit');
      expect(listingsAnswered).toBe(0);
      expect([...exited.values()]).toEqual([0, 0, 0, 0]);
    } finally {
      release();
    }
  });
});
