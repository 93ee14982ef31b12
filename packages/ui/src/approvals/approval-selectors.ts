import { bidiShown, type Approval } from '@switchboard/protocol';
import type { FleetState } from '../store/fleet-state';
import { callerName } from '../store/selectors';
import { shownName, type NameState } from '../store/shown-name';

/** Items waiting for a decision, newest first. Pure. */
export function pendingApprovals(state: FleetState): Approval[] {
  return Object.values(state.approvals)
    .filter((a) => a.status === 'pending')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Decided and expired items, most recent decision first. Pure. */
export function approvalHistory(state: FleetState): Approval[] {
  const when = (a: Approval) => a.decision?.decidedAt ?? a.expiresAt ?? a.createdAt;
  return Object.values(state.approvals)
    .filter((a) => a.status !== 'pending')
    .sort((a, b) => when(b).localeCompare(when(a)) || b.id.localeCompare(a.id));
}

/** One fact a person needs to decide an item. */
export interface DecisionFact {
  label: string;
  value: string;
  /** Shown as code (a command line, a path). */
  code?: boolean;
}

/** What is needed to decide: the command, the message text, the lock and its holder, the choices. Pure. */
export function decisionFacts(state: FleetState, approval: Approval): DecisionFact[] {
  const facts: DecisionFact[] = [];
  const { payload } = approval;
  if (payload.command) facts.push({ label: 'Command', value: bidiShown(payload.command), code: true });
  const recipients = Array.isArray(payload['recipients'])
    ? payload['recipients'].filter((r): r is string => typeof r === 'string')
    : [];
  if (recipients.length)
    facts.push({ label: 'To', value: recipients.map((id) => callerName(state, id)).join(', ') });
  if (payload.message) facts.push({ label: 'Message', value: bidiShown(payload.message) });
  if (payload.resource) facts.push({ label: 'Resource', value: bidiShown(payload.resource), code: true });
  if (payload.lockHolder) facts.push({ label: 'Held by', value: callerName(state, payload.lockHolder) });
  if (
    approval.choices.length > 2 ||
    (approval.choices.length && approval.choices.join() !== 'approve,deny')
  ) {
    facts.push({ label: 'Choices', value: approval.choices.join(' / ') });
  }
  facts.push({
    label: 'If nobody decides',
    value: approval.onExpiry === 'approve' ? 'approved on expiry' : 'denied on expiry',
  });
  return facts;
}

/** Milliseconds until an item expires (negative once past), or null if it never does. */
export function expiresIn(approval: Approval, nowMs: number): number | null {
  return approval.expiresAt ? Date.parse(approval.expiresAt) - nowMs : null;
}

/** A countdown people read at a glance: "45s", "4:05", "1h 02m", "expired". */
export function formatCountdown(ms: number | null): string {
  if (ms === null) return 'no expiry';
  if (ms <= 0) return 'expired';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Who decided, as a person reads it: "you", an agent's name, "policy", "expiry", or "nobody (withdrawn)" for an
 * item whose question went away (answered in the terminal, its requester closed: `historyComment` says which).
 */
export function decidedBy(state: FleetState, approval: Approval): string {
  const by = approval.decision?.decidedBy;
  if (!by)
    return approval.status === 'expired'
      ? 'expiry'
      : approval.status === 'withdrawn'
        ? 'nobody (withdrawn)'
        : 'unknown';
  if (by.startsWith('policy:')) return 'policy';
  return callerName(state, by);
}

/** The history's comment: the decider's, or for a withdrawn item why it was withdrawn ("its requester … was closed"). */
export function historyComment(approval: Approval): string {
  return approval.decision?.comment ?? approval.withdrawnReason ?? '';
}

/** The cursor after pressing j (+1) or k (-1) in a list of ids; stays on the same id when it still exists. */
export function moveCursor(ids: string[], current: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const index = current === null ? -1 : ids.indexOf(current);
  if (index === -1) return ids[0]!;
  return ids[Math.min(ids.length - 1, Math.max(0, index + delta))]!;
}

/**
 * Who asked, as a person reads it: "you", the agent's name, or for an agent closed or replaced since (no longer in
 * the fleet) the name the history read from its record, marked "(closed)"; the raw id only when nobody knows it
 * any more (shownName; views render <AgentName recorded={approval.requesterName}>). Pure.
 */
export function requesterName(state: FleetState, approval: Approval): string {
  return shownName(state, approval.requester, approval.requesterName).text;
}

/** An item's summary with agent ids (core writes some, e.g. handoff recipients) replaced by names. Pure. */
export function summaryOf(state: NameState, approval: Approval): string {
  // Bidi overrides written out: items stored before the contract refused them, and Switchboard's own items.
  return bidiShown(approval.summary.replace(/agent-[0-9a-f-]{36}/g, (id) => callerName(state, id)));
}

/**
 * The outcome a person should read for a decided item: for a permission prompt, what actually happened
 * in the pane (`prompt.answered`), never just the verdict — "approved · confirmed on screen", "approved ·
 * not carried out: …", or "approved · answering…" while the keys are on their way. Pure.
 */
export function confirmedOutcome(state: FleetState, approval: Approval): { text: string; failed: boolean } {
  const verdict = `${approval.status}${approval.decision?.automatic ? ' (automatic)' : ''}`;
  // Only items raised from a pane's prompt (screen or hook) have keys to press; others are plain questions.
  const fromPrompt =
    approval.kind === 'permission' &&
    (approval.payload['source'] === 'screen' || approval.payload['source'] === 'hook');
  if (!fromPrompt || (approval.status !== 'approved' && approval.status !== 'denied'))
    return { text: verdict, failed: false };
  // Seen live, or kept with the item (a window opened after the answer, a host restarted in the middle of it).
  const answer = state.promptAnswers[approval.id] ?? approval.answer;
  if (!answer) return { text: `${verdict} · answering…`, failed: false };
  if (answer.confirmed) return { text: `${verdict} · confirmed on screen`, failed: false };
  return {
    text: `${verdict} · not carried out: ${answer.error ?? 'the prompt is still on screen'}`,
    failed: true,
  };
}
