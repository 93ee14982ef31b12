import { describe, expect, it } from 'vitest';
import { humanCaller, type Approval } from '@switchboard/protocol';
import { agentBadges, applyEvent, withInboxes } from '../src/index';
import {
  approvalHistory,
  confirmedOutcome,
  decidedBy,
  decisionFacts,
  expiresIn,
  formatCountdown,
  moveCursor,
  pendingApprovals,
  summaryOf,
} from '../src/approvals/approval-selectors';
import { idOf, watchedFleet } from './real-fleet';

/** A real core with two agents, watched as a page watches it. */
const twoAgents = () =>
  watchedFleet({
    teams: [{ name: 'web' }],
    agents: [
      { name: 'holder', team: 'web', role: 'builder' },
      { name: 'asker', team: 'web', role: 'builder' },
    ],
  });

describe('approvals and locks through applyEvent', () => {
  it('a lock request on a held file queues a lock item naming the holder; approving hands the lease over', async () => {
    const fleet = await twoAgents();
    const { orchestrator, as } = fleet;
    await orchestrator.invoke(as('holder'), 'lock.acquire', {
      resource: { kind: 'file', name: 'src/api/**' },
    });
    expect(agentBadges(fleet.state)[idOf(fleet.state, 'holder')]).toEqual({
      unread: 0,
      approvals: 0,
      locks: 1,
      paneWaiting: 0,
      paneReason: null,
      humanControl: false,
    });

    await orchestrator.invoke(as('asker'), 'lock.request', {
      resource: { kind: 'file', name: 'src/api/**' },
      reason: 'fix the router',
    });
    const [item] = pendingApprovals(fleet.state);
    expect(item).toMatchObject({ kind: 'lock', requester: idOf(fleet.state, 'asker') });
    expect(agentBadges(fleet.state)[idOf(fleet.state, 'asker')]!.approvals).toBe(1);
    expect(decisionFacts(fleet.state, item!).map((f) => [f.label, f.value])).toContainEqual([
      'Held by',
      'holder',
    ]);

    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve', comment: 'go ahead' }],
    });
    expect(pendingApprovals(fleet.state)).toEqual([]);
    const [decided] = approvalHistory(fleet.state);
    expect(decided).toMatchObject({ id: item!.id, status: 'approved', decision: { comment: 'go ahead' } });
    expect(decidedBy(fleet.state, decided!)).toBe('you');
    const owners = Object.values(fleet.state.locks).map((l) => l.owner);
    expect(owners).toEqual([idOf(fleet.state, 'asker')]);
  });

  it('lists pending items newest first', async () => {
    const fleet = await twoAgents();
    for (const summary of ['first', 'second', 'third']) {
      await fleet.orchestrator.invoke(fleet.as('asker'), 'approval.request', {
        kind: 'permission',
        summary,
        payload: { command: 'rm -rf build' },
      });
      fleet.clock.advance(1000);
    }
    expect(pendingApprovals(fleet.state).map((a) => a.summary)).toEqual(['third', 'second', 'first']);
    expect(decisionFacts(fleet.state, pendingApprovals(fleet.state)[0]!)[0]).toEqual({
      label: 'Command',
      value: 'rm -rf build',
      code: true,
    });
  });
});

describe('handoffs', () => {
  it('a handoff waits in the queue with its text and recipient by name; approved, it reaches the inbox', async () => {
    const fleet = await twoAgents();
    const { orchestrator, as } = fleet;
    await orchestrator.invoke(as('asker'), 'message.send', {
      kind: 'handoff',
      to: { agent: 'holder' },
      body: 'Take over the router refactor',
    });
    const [item] = pendingApprovals(fleet.state);
    expect(item?.kind).toBe('handoff');
    expect(summaryOf(fleet.state, item!)).toBe('Handoff to holder: Take over the router refactor');
    expect(decisionFacts(fleet.state, item!).slice(0, 2)).toEqual([
      { label: 'To', value: 'holder' },
      { label: 'Message', value: 'Take over the router refactor' },
    ]);

    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve' }],
    });
    const { inboxes } = (await orchestrator.invoke(humanCaller, 'message.status', {})) as {
      inboxes: Parameters<typeof withInboxes>[1];
    };
    const state = withInboxes(fleet.state, inboxes);
    expect(agentBadges(state)[idOf(state, 'holder')]?.unread).toBe(1);
  });

  it('a handoff whose text carries a right-to-left override shows it written out, in the summary and the facts', async () => {
    // A message body is data, not refused at the contract; the person deciding on the handoff reads it in the UI,
    // where U+202E would show what follows it reversed ("Trojan Source").
    const fleet = await twoAgents();
    await fleet.orchestrator.invoke(fleet.as('asker'), 'message.send', {
      kind: 'handoff',
      to: { agent: 'holder' },
      body: 'Deploy \u202Eyrotsih-eteled\u202C please',
    });
    const [item] = pendingApprovals(fleet.state);
    expect(summaryOf(fleet.state, item!)).toBe(
      'Handoff to holder: Deploy [U+202E]yrotsih-eteled[U+202C] please',
    );
    expect(decisionFacts(fleet.state, item!)[1]).toEqual({
      label: 'Message',
      value: 'Deploy [U+202E]yrotsih-eteled[U+202C] please',
    });
  });

  it("a message waiting to be typed shows on the recipient's card with the reason", async () => {
    const fleet = await twoAgents();
    const holder = idOf(fleet.state, 'holder');
    const { inboxes } = (await fleet.orchestrator.invoke(humanCaller, 'message.status', {})) as {
      inboxes: Parameters<typeof withInboxes>[1];
    };
    const reason =
      'waiting for claude to sit idle at its input prompt (now: waiting_for_input, permission prompt)';
    const waiting = inboxes.map((i) =>
      i.recipientId === holder
        ? { ...i, depth: 1, pane: { input: 'cli' as const, waiting: 1, held: 0, reason } }
        : i,
    );
    expect(agentBadges(withInboxes(fleet.state, waiting))[holder]).toMatchObject({
      unread: 1,
      paneWaiting: 1,
      paneReason: reason,
    });
    expect(agentBadges(withInboxes(fleet.state, inboxes))[holder]?.paneWaiting ?? 0).toBe(0); // absent: nothing waits
  });
});

describe('expiry', () => {
  it('an item nobody decides expires into the history, decided by expiry, with its countdown run out', async () => {
    const fleet = await twoAgents();
    await fleet.orchestrator.invoke(fleet.as('asker'), 'approval.request', {
      kind: 'escalation',
      summary: 'prod is down',
      expiresInMs: 60_000,
    });
    const [item] = pendingApprovals(fleet.state);
    expect(formatCountdown(expiresIn(item!, fleet.clock.now()))).toBe('1:00');
    fleet.clock.advance(61_000);
    expect(pendingApprovals(fleet.state)).toEqual([]);
    const [expired] = approvalHistory(fleet.state);
    expect(expired).toMatchObject({ id: item!.id, status: 'expired' });
    expect(decidedBy(fleet.state, expired!)).toMatch(/expiry/);
  });
});

describe('formatCountdown and moveCursor', () => {
  it('reads at a glance', () => {
    expect([
      formatCountdown(null),
      formatCountdown(-5),
      formatCountdown(4_200),
      formatCountdown(245_000),
      formatCountdown(3_720_000),
    ]).toEqual(['no expiry', 'expired', '5s', '4:05', '1h 02m']);
  });
  it('moves within bounds and starts at the top', () => {
    expect(moveCursor(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(moveCursor(['a', 'b', 'c'], 'a', 1)).toBe('b');
    expect(moveCursor(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(moveCursor(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(moveCursor(['a', 'c'], 'b', 1)).toBe('a');
    expect(moveCursor([], 'b', 1)).toBeNull();
  });
});

/** A permission item from the screen, raised as asker about `command`. */
async function askerPrompt(command: string, extra: Record<string, string>) {
  const fleet = await twoAgents();
  const { orchestrator } = fleet;
  const asker = idOf(fleet.state, 'asker');
  const item = orchestrator.approvals.raise(
    { kind: 'agent', id: asker },
    {
      kind: 'permission',
      summary: `asker asks: Bash command: ${command}`,
      payload: { source: 'screen', agentId: asker, command, ...extra },
      choices: ['Yes', 'No'],
      expiresInMs: 60_000,
      onExpiry: 'deny',
    },
  );
  return { fleet, orchestrator, asker, item };
}

describe('a decided permission item shows what happened in the pane, not just the verdict', () => {
  it('answering…, then confirmed on screen or not carried out with the error', async () => {
    const { fleet, orchestrator, asker, item } = await askerPrompt('touch x', {});
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item.id, verdict: 'approve' }],
    });
    const decided = fleet.state.approvals[item.id]!;
    expect(confirmedOutcome(fleet.state, decided)).toEqual({ text: 'approved · answering…', failed: false });
    let state = applyEvent(fleet.state, {
      type: 'prompt.answered',
      approvalId: item.id,
      agentId: asker,
      choice: null,
      keys: [],
      attempts: 0,
      confirmed: false,
      error: 'the prompt was no longer on screen when the decision came: nothing was pressed',
      sequence: fleet.state.sequence + 1,
      at: 't',
    });
    expect(confirmedOutcome(state, decided)).toEqual({
      text: 'approved · not carried out: the prompt was no longer on screen when the decision came: nothing was pressed',
      failed: true,
    });
    state = applyEvent(fleet.state, {
      type: 'prompt.answered',
      approvalId: item.id,
      agentId: asker,
      choice: null,
      keys: ['enter'],
      attempts: 1,
      confirmed: true,
      error: null,
      sequence: fleet.state.sequence + 1,
      at: 't',
    });
    expect(confirmedOutcome(state, decided)).toEqual({
      text: 'approved · confirmed on screen',
      failed: false,
    });
  });

  // Found by use (session 25): "approved · answering…" for good in a window opened after the answer (the event was
  // gone). The outcome is kept with the item, and the history read carries it.
  it('a window opened after the answer reads its outcome from the history, not "answering…"', async () => {
    // With a fingerprint: an item the prompt service answers (here: the prompt is not on screen).
    const { fleet, orchestrator, item } = await askerPrompt('touch y', { fingerprint: 'claude|touch y' });
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item.id, verdict: 'approve' }],
    });
    const read = async () =>
      (
        (await orchestrator.invoke(humanCaller, 'approval.history', {})) as { approvals: Approval[] }
      ).approvals.find((a) => a.id === item.id)!;
    await expect.poll(async () => (await read()).answer, { timeout: 10_000 }).toBeTruthy();
    const opened = { ...fleet.state, promptAnswers: {} };
    expect(confirmedOutcome(opened, await read())).toEqual({
      text: 'approved · not carried out: the prompt was no longer on screen when the decision came: nothing was pressed',
      failed: true,
    });
  });
});
