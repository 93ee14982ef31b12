import { describe, expect, it } from 'vitest';
import type { SwitchboardEvent } from '@switchboard/protocol';
import { EventBus } from '../src/events/event-bus';
import { FakeClock } from '../src/testing/index';

describe('EventBus', () => {
  it('delivers an event a subscriber emits after the one that caused it, to every subscriber, in sequence order', () => {
    const bus = new EventBus(new FakeClock());
    const first: number[] = [];
    const last: number[] = [];
    bus.subscribe((event) => {
      first.push(event.sequence);
      // A domain reacting to a fact by emitting another (e.g. a team created → an agent updated).
      if (event.type === 'team.deleted') bus.emit({ type: 'agent.closed', agentId: 'a1' });
    });
    bus.subscribe((event: SwitchboardEvent) => last.push(event.sequence));
    const cause = bus.emit({ type: 'team.deleted', teamId: 't1' });
    expect(first).toEqual([1, 2]);
    expect(last).toEqual([1, 2]);
    expect(cause.sequence).toBe(1);
  });

  it('keeps delivering to the others when a subscriber throws', () => {
    const bus = new EventBus(new FakeClock());
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    bus.subscribe((event) => seen.push(event.type));
    bus.emit({ type: 'team.deleted', teamId: 't1' });
    bus.emit({ type: 'team.deleted', teamId: 't2' });
    expect(seen).toEqual(['team.deleted', 'team.deleted']);
  });

  it('a listener (un)subscribed while an event is delivered: the change holds from the next event on', () => {
    const bus = new EventBus(new FakeClock());
    const seen: string[] = [];
    const late = (event: SwitchboardEvent) => seen.push(`late ${event.sequence}`);
    let stopVictim: () => void = () => undefined;
    bus.subscribe((event) => {
      seen.push(`first ${event.sequence}`);
      if (event.sequence === 1) {
        stopVictim();
        bus.subscribe(late);
        bus.emit({ type: 'agent.closed', agentId: 'a1' });
      }
    });
    stopVictim = bus.subscribe((event) => seen.push(`victim ${event.sequence}`));
    bus.emit({ type: 'team.deleted', teamId: 't1' });
    expect(seen).toEqual(['first 1', 'victim 1', 'first 2', 'late 2']);
  });
});
