import { describe, expect, it } from 'vitest';
import { shownWords } from '../src/views/shown-text';
import { humanCaller, type EventOf, type SwitchboardEvent } from '@switchboard/protocol';
import { attentionOf, groupNotices, noticesAfter, type Notice } from '../src/index';
import { idOf, realFleet } from './real-fleet';

/** A real core's attention events for a fleet with agents w1 and w2. */
async function attentionFleet() {
  const fleet = await realFleet({
    agents: [
      { name: 'w1', kind: 'claude' },
      { name: 'w2', kind: 'claude' },
      { name: 'sh', kind: 'shell' },
    ],
  });
  const events: SwitchboardEvent[] = [];
  fleet.orchestrator.subscribe((e) => events.push(e));
  const occurrence = (
    name: string,
    kind: 'waiting_for_input' | 'error' | 'finished' = 'waiting_for_input',
  ) => {
    const agentId = idOf(fleet.state, name);
    return fleet.orchestrator.attention.notify({
      kind,
      severity: kind === 'error' ? 'critical' : kind === 'finished' ? 'info' : 'warning',
      agentId,
      title: `${name} ${kind}`,
      body: 'shell · builder',
      approvalId: null,
    });
  };
  const last = <T extends SwitchboardEvent['type']>(type: T) =>
    events.filter((e): e is EventOf<T> => e.type === type).at(-1)!;
  return { ...fleet, events, occurrence, last };
}

describe("toasts from the core's attention events", () => {
  it('shows a raised notification with its tone and the agent to go to; agent.updated alone raises nothing', async () => {
    const { state, occurrence, last } = await attentionFleet();
    occurrence('w1');
    const notice = attentionOf(state, last('attention.raised'))!;
    expect(notice).toMatchObject({
      tone: 'attention',
      title: 'w1 waiting_for_input',
      agentId: idOf(state, 'w1'),
      group: 'waiting_for_input',
    });
    expect(notice.attentionId).toMatch(/^attention-/);
    occurrence('w2', 'error');
    expect(attentionOf(state, last('attention.raised'))).toMatchObject({ tone: 'error' });
    const agent = state.agents[idOf(state, 'w1')]!;
    expect(
      attentionOf(state, {
        type: 'agent.updated',
        sequence: state.sequence + 1,
        at: 't',
        agent: { ...agent, state: 'waiting_for_input' },
      }),
    ).toBeNull();
  });

  it('shows nothing for a notification silenced by do-not-disturb', async () => {
    const { state, orchestrator, occurrence, last } = await attentionFleet();
    await orchestrator.invoke(humanCaller, 'attention.setDoNotDisturb', { enabled: true });
    occurrence('w1');
    expect(last('attention.raised').item.silenced).toBe('do_not_disturb');
    expect(attentionOf(state, last('attention.raised'))).toBeNull();
  });

  it('keeps one toast per notification: raised again replaces it, closed removes it, others stay', async () => {
    const { state, orchestrator, clock, occurrence, last } = await attentionFleet();
    let notices: Notice[] = [];
    occurrence('w1');
    notices = noticesAfter(notices, state, last('attention.raised'), 5);
    occurrence('w2');
    notices = noticesAfter(notices, state, last('attention.raised'), 5);
    clock.advance(orchestrator.attention.settings().cooldownMs);
    occurrence('w1');
    notices = noticesAfter(notices, state, last('attention.raised'), 5);
    expect(notices.map((n) => n.title)).toEqual(['w2 waiting_for_input', 'w1 waiting_for_input']);
    expect(notices[1]!.body).toBe('shell · builder · 2×');
    await orchestrator.invoke(humanCaller, 'attention.dismiss', { ids: [notices[1]!.attentionId!] });
    const after = noticesAfter(notices, state, last('attention.closed'), 5);
    expect(after.map((n) => n.title)).toEqual(['w2 waiting_for_input']);
    expect(noticesAfter(after, state, last('attention.closed'), 5)).toBe(after);
  });

  it('groups toasts of one kind: "2 agents are waiting for input", newest member first', async () => {
    const { state, occurrence, last } = await attentionFleet();
    let notices: Notice[] = [];
    for (const [name, kind] of [
      ['w1', 'waiting_for_input'],
      ['w1', 'finished'],
      ['w2', 'waiting_for_input'],
    ] as const) {
      occurrence(name, kind);
      notices = noticesAfter(notices, state, last('attention.raised'), 5);
    }
    const groups = groupNotices(notices);
    // Like the toasts themselves: the group with the newest toast is last (at the bottom).
    expect(groups.map((g) => [g.title, g.notices.map((n) => n.agentId)])).toEqual([
      ['w1 finished', [idOf(state, 'w1')]],
      ['2 agents are waiting for input', [idOf(state, 'w2'), idOf(state, 'w1')]],
    ]);
  });

  it('a plain shell\'s "finished" (every command it ran) is no toast; an agent\'s is', async () => {
    const { state, occurrence, last } = await attentionFleet();
    occurrence('sh', 'finished');
    expect(noticesAfter([], state, last('attention.raised'), 5)).toEqual([]);
    occurrence('w1', 'finished');
    expect(noticesAfter([], state, last('attention.raised'), 5).map((n) => n.title)).toEqual(['w1 finished']);
  });

  it('turns human.notify from an agent into a toast naming it', async () => {
    const { state } = await realFleet({ agents: [{ name: 'w1' }] });
    const id = idOf(state, 'w1');
    const notice = attentionOf(state, {
      type: 'human.notified',
      sequence: state.sequence + 1,
      at: 't',
      notification: {
        id: 'n1',
        fromAgentId: id,
        level: 'blocked',
        summary: 'need a token',
        details: null,
        createdAt: 't',
      },
    });
    // The title is Switchboard's; what the agent wrote is the body, quoted by the toast (agentWords).
    expect(notice).toMatchObject({
      tone: 'error',
      title: 'w1 notifies you (blocked):',
      body: 'need a token',
      agentWords: true,
      agentId: id,
    });
  });

  it("quotes a notice's summary and details as the agent's words, a right-to-left override written out when shown", async () => {
    const fleet = await realFleet({ agents: [{ name: 'w1' }] });
    const events: SwitchboardEvent[] = [];
    fleet.orchestrator.subscribe((event) => events.push(event));
    await fleet.orchestrator.invoke({ kind: 'agent', id: idOf(fleet.state, 'w1') }, 'human.notify', {
      summary: 'build report',
      details: 'see \u202Etxt.troper',
    });
    const notified = events.find((event) => event.type === 'human.notified')!;
    const notice = attentionOf(fleet.state, notified)!;
    expect(notice.agentWords).toBe(true);
    expect(shownWords(notice.body)).toBe('build report — see [U+202E]txt.troper');
  });
});
