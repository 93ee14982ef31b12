// Who holds a lease is a public fact; why is the holder's. Every agent — of the holder's team or another — is told
// what is held, by whom (id and name) and until when, in lock.list, in the `locked` refusal of an acquire, in the
// refusal of a renew or release and in the lock events; none of them is told the reason, the holder is.
// (Agents' names, teams and panes are public facts to every agent, so naming the holder tells nothing an agent.list
// does not, and coordination needs it: whom to ask, whether the holder is still there. docs/security.md.)
import { describe, expect, it } from 'vitest';
import type { Caller, Lock, SwitchboardEvent } from '@switchboard/protocol';
import { createWorld } from '../support/world';
import { outcomeOf } from '../visibility/agent-probes';

const REASON = 'rewriting the billing schema before the audit';

const refusalOf = (call: Promise<unknown>) =>
  outcomeOf(call).then((outcome) => ('refused' in outcome ? outcome.refused : undefined));

describe('a lease as other agents see it', () => {
  it('names its holder to every agent, of its team or not, and its reason to none but the holder', async () => {
    const world = createWorld();
    await world.orchestrator.ready;
    await world.human('team.create', { name: 'alpha' });
    await world.human('team.create', { name: 'beta' });
    const holder = await world.spawn('holder', 'builder', 'alpha');
    const teammate = await world.spawn('teammate', 'builder', 'alpha');
    const outsider = await world.spawn('outsider', 'builder', 'beta');
    const seen = new Map<string, SwitchboardEvent[]>();
    for (const viewer of [holder, teammate, outsider]) {
      const events: SwitchboardEvent[] = [];
      seen.set(viewer.id, events);
      world.orchestrator.subscribe((event) => events.push(event), viewer);
    }
    const lease = (await world.as(holder)('lock.acquire', {
      resource: { kind: 'branch', name: 'billing' },
      reason: REASON,
    })) as Lock;

    const viewOf = async (viewer: Caller) => {
      const call = world.as(viewer);
      const { locks } = (await call('lock.list', {})) as { locks: Lock[] };
      return {
        listed: locks.find((lock) => lock.id === lease.id),
        acquire: await refusalOf(call('lock.acquire', { resource: { kind: 'branch', name: 'billing' } })),
        release: await refusalOf(call('lock.release', { lockId: lease.id })),
        renew: await refusalOf(call('lock.renew', { lockId: lease.id })),
        events: seen.get(viewer.id)!.filter((event) => event.type.startsWith('lock.')),
      };
    };
    const views = { teammate: await viewOf(teammate), outsider: await viewOf(outsider) };
    // The holder's team is no boundary here: both are told the same.
    expect(JSON.stringify(views.outsider)).toBe(JSON.stringify(views.teammate));
    const view = views.outsider;
    expect(view.listed).toEqual({ ...lease, reason: null });
    expect(view.acquire).toMatchObject({
      code: 'locked',
      message: `branch "billing" is locked by holder until ${lease.expiresAt}`,
      details: { holder: holder.id, holderName: 'holder', lockId: lease.id },
    });
    expect(view.release).toMatchObject({
      code: 'forbidden',
      message: `Lease ${lease.id} belongs to holder`,
    });
    expect(view.renew).toMatchObject({ code: 'forbidden' });
    expect(view.events.map((event) => event.type)).toContain('lock.acquired');
    expect(JSON.stringify([views, world.events.length])).not.toContain(REASON);
    // The holder itself is told its reason; so is the person.
    const own = (await world.as(holder)('lock.list', {})) as { locks: Lock[] };
    expect(own.locks.find((lock) => lock.id === lease.id)?.reason).toBe(REASON);
    expect(JSON.stringify(seen.get(holder.id))).toContain(REASON);
  });
});
