import { describe, expect, it } from 'vitest';
import { humanCaller, type SwitchboardEvent } from '@switchboard/protocol';
import type { Approval } from '@switchboard/protocol';
import {
  applyAttentionEvent,
  applyAttentionEvents,
  defaultFilter,
  filterAttention,
  groupAttention,
  nextAttention,
  nextTarget,
  openCount,
  type AttentionItems,
} from '../src/attention/attention-centre';
import { idOf, realFleet } from './real-fleet';

/** A real core raising notifications; every event goes through applyAttentionEvent, as in the centre's store. */
async function centre() {
  const fleet = await realFleet({
    agents: [
      { name: 'claude-1', kind: 'claude' },
      { name: 'claude-2', kind: 'claude' },
      { name: 'sh', kind: 'shell' },
    ],
  });
  let items: AttentionItems = {};
  fleet.orchestrator.subscribe((event: SwitchboardEvent) => (items = applyAttentionEvent(items, event)));
  const raise = (name: string, kind: 'waiting_for_input' | 'error' | 'finished' | 'hung') => {
    fleet.clock.advance(1000);
    fleet.orchestrator.attention.notify({
      kind,
      severity: kind === 'error' || kind === 'hung' ? 'critical' : kind === 'finished' ? 'info' : 'warning',
      agentId: idOf(fleet.state, name),
      title: `${name} ${kind}`,
      body: 'details',
      approvalId: null,
    });
  };
  return {
    ...fleet,
    raise,
    get items() {
      return items;
    },
  };
}

describe('the attention centre', () => {
  it('a burst of events applied at once gives what one by one gives, and leaves the items it started from alone', async () => {
    const fleet = await realFleet({
      agents: [
        { name: 'a', kind: 'claude' },
        { name: 'b', kind: 'claude' },
      ],
    });
    const events: SwitchboardEvent[] = [];
    fleet.orchestrator.subscribe((event: SwitchboardEvent) => events.push(event));
    for (const name of ['a', 'b'])
      fleet.orchestrator.attention.notify({
        kind: 'error',
        severity: 'critical',
        agentId: idOf(fleet.state, name),
        title: `${name} error`,
        body: 'x',
        approvalId: null,
      });
    const start: AttentionItems = {};
    const burst = [...events];
    const first = burst.find((e) => e.type === 'attention.raised') as Extract<
      SwitchboardEvent,
      { type: 'attention.raised' }
    >;
    await fleet.orchestrator.invoke(humanCaller, 'attention.dismiss', { ids: [first.item.id] });
    const all = [...events];
    expect(applyAttentionEvents(start, all)).toEqual(all.reduce(applyAttentionEvent, start));
    expect(
      Object.values(applyAttentionEvents(start, all))
        .map((i) => [i.title, i.status])
        .sort(),
    ).toEqual([
      ['a error', 'dismissed'],
      ['b error', 'open'],
    ]);
    expect(start).toEqual({});
    const unrelated = events.filter((e) => !e.type.startsWith('attention.'));
    const items = applyAttentionEvents(start, burst);
    expect(applyAttentionEvents(items, unrelated)).toBe(items);
  });

  it('keeps closed items as history: open by default, dismissed and resolved when asked', async () => {
    const c = await centre();
    c.raise('claude-1', 'waiting_for_input');
    c.raise('claude-2', 'error');
    const [first] = filterAttention(c.items, c.state.agents, defaultFilter).filter(
      (i) => i.title === 'claude-1 waiting_for_input',
    );
    c.clock.advance(1000);
    await c.orchestrator.invoke(humanCaller, 'attention.dismiss', { ids: [first!.id] });
    expect(filterAttention(c.items, c.state.agents, defaultFilter).map((i) => i.title)).toEqual([
      'claude-2 error',
    ]);
    const all = filterAttention(c.items, c.state.agents, { ...defaultFilter, show: 'all' });
    // Most recently changed first: the dismissal is newer than the error.
    expect(all.map((i) => [i.title, i.status])).toEqual([
      ['claude-1 waiting_for_input', 'dismissed'],
      ['claude-2 error', 'open'],
    ]);
  });

  it('hides a plain shell\'s "finished" unless asked; groups by kind in triage order; filters by kind, words and what DND held back', async () => {
    const c = await centre();
    c.raise('sh', 'finished');
    c.raise('claude-1', 'finished');
    await c.orchestrator.invoke(humanCaller, 'attention.setDoNotDisturb', { enabled: true });
    c.raise('claude-2', 'waiting_for_input');
    c.raise('claude-1', 'hung');
    const shown = filterAttention(c.items, c.state.agents, defaultFilter);
    expect(groupAttention(shown).map((s) => [s.title, s.items.map((i) => i.title)])).toEqual([
      ['Waiting for input', ['claude-2 waiting_for_input']],
      ['Hung', ['claude-1 hung']],
      ['Finished', ['claude-1 finished']],
    ]);
    expect(
      filterAttention(c.items, c.state.agents, { ...defaultFilter, shellFinished: true }).map((i) => i.title),
    ).toContain('sh finished');
    expect(
      filterAttention(c.items, c.state.agents, { ...defaultFilter, heldOnly: true }).map((i) => [
        i.title,
        i.silenced,
      ]),
    ).toEqual([
      ['claude-1 hung', 'do_not_disturb'],
      ['claude-2 waiting_for_input', 'do_not_disturb'],
    ]);
    expect(
      filterAttention(c.items, c.state.agents, { ...defaultFilter, kinds: ['hung'] }).map((i) => i.title),
    ).toEqual(['claude-1 hung']);
    expect(
      filterAttention(c.items, c.state.agents, { ...defaultFilter, text: 'claude-2 waiting' }).map(
        (i) => i.title,
      ),
    ).toEqual(['claude-2 waiting_for_input']);
    expect(openCount(c.items, c.state.agents)).toBe(3);
  });

  it('"next thing that needs me" cycles through open items, most severe first, then the longest waiting', async () => {
    const c = await centre();
    c.raise('claude-1', 'waiting_for_input');
    c.raise('claude-2', 'waiting_for_input');
    c.raise('claude-1', 'error');
    c.raise('sh', 'finished');
    const visit = (from: string | null) => nextAttention(c.items, c.state.agents, from);
    const first = visit(null)!;
    const second = visit(first.id)!;
    const third = visit(second.id)!;
    expect([first, second, third].map((i) => i.title)).toEqual([
      'claude-1 error',
      'claude-1 waiting_for_input',
      'claude-2 waiting_for_input',
    ]);
    expect(visit(third.id)!.id).toBe(first.id); // wraps around; the shell's "finished" is never visited
    await c.orchestrator.invoke(humanCaller, 'attention.dismiss', { all: true });
    expect(visit(null)).toBeNull();
  });

  it('then goes to pending approvals no open item stands for (the core folds repeats within its cool-down)', async () => {
    const c = await centre();
    const asker = { kind: 'agent' as const, id: idOf(c.state, 'claude-1') };
    const ask = async (summary: string) =>
      (
        (await c.orchestrator.invoke(asker, 'approval.request', { kind: 'permission', summary })) as {
          approval: Approval;
        }
      ).approval;
    const one = await ask('one');
    const two = await ask('two'); // same agent, same kind, inside the cool-down: no second open item
    const pending = [one, two];
    const first = nextTarget(c.items, c.state.agents, pending, null)!;
    expect(first.item?.approvalId).toBe(one.id);
    const second = nextTarget(c.items, c.state.agents, pending, first.key)!;
    expect(second).toMatchObject({ item: null, approvalId: two.id });
    expect(nextTarget(c.items, c.state.agents, pending, second.key)!.key).toBe(first.key);
  });
});
