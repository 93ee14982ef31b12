import type { AgentKind, Approval } from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events/event-bus';
import { auditActorOf } from '../panes/input-gate/write-origin';
import type { PaneInputGate } from '../panes/input-gate/pane-input-gate';
import type { Clock } from '../ports/clock';
import type { ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import { pickOf, planAnswer, type PlannedAnswer } from './prompt-answer';
import { samePrompt, type PromptIdentity } from './prompt-identity';
import { choiceLabels, promptPayloadOf } from './prompt-items';
import { readPrompt, type ScreenPrompt } from './screen-prompt';

export interface AnswerTimings {
  settleMs: number;
  readableWaitMs: number;
  confirmTimeoutMs: number;
  keyGapMs: number;
}

export interface PromptAnswererDeps {
  approvals: Pick<ApprovalQueue, 'get' | 'recordAnswer' | 'unansweredPrompts'>;
  backend: TerminalBackend;
  gate: PaneInputGate;
  bus: EventBus;
  clock: Clock;
  audit: AuditLog;
  timings: AnswerTimings;
}

/** The prompt a decision answers, as the prompt service knows it. */
export interface AnswerTarget {
  agentId: string;
  kind: AgentKind;
  /** The prompt the item stands for; the same prompt re-drawn at another size still is it. */
  identity: PromptIdentity;
  /** The agent's pane now (re-read before each try: a pane may be re-bound). */
  paneId: () => string | undefined;
  /** When the prompt was first seen on screen (the CLI ignores keys pressed right after it draws it). */
  seenAt: () => number | undefined;
}

/** How an answer went: `confirmed` only when keys were pressed and the prompt then left the screen. */
export interface AnswerOutcome {
  keys: string[];
  attempts: number;
  confirmed: boolean;
  error: string | null;
}

/**
 * Carries out a decision on a permission prompt: presses the CLI's keys for the choice through the pane
 * input gate (as the decision) once, then re-reads the screen until the prompt is gone. Keys are never
 * pressed a second time: a prompt still on screen after `confirmTimeoutMs` is an error the person is told
 * about. A decision that pressed nothing (the prompt was no longer on screen, the pane is gone) is an
 * error too, reported as `prompt.answer_failed`, never as answered.
 */
export class PromptAnswerer {
  constructor(private readonly deps: PromptAnswererDeps) {}

  async answer(target: AnswerTarget, approval: Approval): Promise<AnswerOutcome> {
    const decision = approval.decision!;
    const { timings } = this.deps;
    const origin = { kind: 'decision' as const, approvalId: approval.id, decidedBy: decision.decidedBy };
    const keys: string[] = [];
    let attempts = 0;
    try {
      const paneId = target.paneId();
      if (!paneId) return this.failed(keys, attempts, 'the agent has no pane any more');
      const onScreen = await this.currentPrompt(target, paneId);
      if (!onScreen.present)
        return this.failed(
          keys,
          attempts,
          'the prompt was no longer on screen when the decision came: nothing was pressed',
        );
      // Known only from a hook: no key is pressed whose meaning is not on screen (Claude Code's unnumbered dialog
      // lists "No" first, its numbered one "Yes"): wait a little for the dialog to be readable, else press nothing.
      const seenAt = onScreen.prompt ? target.seenAt() : undefined;
      onScreen.prompt ??= await this.readableWithin(target, paneId);
      if (!onScreen.prompt) return this.failed(keys, attempts, UNREADABLE);
      const settleUntil = (seenAt ?? this.deps.clock.now()) + timings.settleMs;
      await this.sleep(settleUntil - this.deps.clock.now());
      // Chosen by label among the options on screen: an item a hook raised lists Yes, No, whatever the dialog shows.
      const pick = pickOf(choiceLabels(onScreen.prompt), decision.verdict, decision.choice);
      const plan: PlannedAnswer = planAnswer(onScreen.prompt, pick);
      attempts++;
      keys.push(...(plan.text ? [plan.text] : []), ...plan.keys);
      await this.deps.gate.write({
        paneId,
        origin,
        text: plan.text,
        keys: plan.keys,
        keyGapMs: timings.keyGapMs,
      });
      if (await this.waitUntilGone(target, paneId, onScreen.prompt, plan))
        return { keys, attempts, confirmed: true, error: null };
      // Never pressed again: a CLI that has not read the keys yet (a starved one redraws seconds late) would read
      // both, and the second would answer whatever it shows next — another prompt's default, undecided.
      return this.failed(
        keys,
        attempts,
        `the prompt stayed on screen ${timings.confirmTimeoutMs / 1000} s after the keys; ` +
          'they were not pressed again (a late second press could answer the next prompt)',
      );
    } catch (error) {
      return this.failed(keys, attempts, `could not press the keys: ${(error as Error).message}`);
    }
  }

  /**
   * Every decision ends in a final outcome: one the host stopped in the middle of (started again before it kept
   * the answer) is not confirmed, and the person is told to check the pane. `ids`: `unansweredPrompts()` read at start, before this process decides anything.
   */
  settleInterrupted(ids: readonly string[]): void {
    for (const id of ids) {
      const approval = this.deps.approvals.get(id);
      const agentId = approval && promptPayloadOf(approval)?.agentId;
      if (agentId)
        this.report(approval, agentId, { keys: [], attempts: 0, confirmed: false, error: INTERRUPTED });
    }
  }

  /**
   * Keeps, audits and announces the outcome: `prompt.answered` when confirmed, `prompt.answer_failed` (outcome
   * `failed`) otherwise.
   */
  report(approval: Approval, agentId: string, outcome: AnswerOutcome): void {
    const decision = approval.decision;
    this.deps.approvals.recordAnswer(approval.id, {
      confirmed: outcome.confirmed,
      error: outcome.error,
      keys: outcome.keys,
    });
    const actor = auditActorOf({
      kind: 'decision',
      approvalId: approval.id,
      decidedBy: decision?.decidedBy ?? 'system',
    });
    this.deps.audit.append({
      actor,
      action: outcome.confirmed ? 'prompt.answered' : 'prompt.answer_failed',
      target: approval.id,
      outcome: !outcome.confirmed ? 'failed' : decision?.automatic ? 'automatic' : 'ok',
      details: {
        agentId,
        verdict: decision?.verdict ?? null,
        choice: decision?.choice ?? null,
        keys: outcome.keys,
        attempts: outcome.attempts,
        confirmed: outcome.confirmed,
        error: outcome.error,
      },
    });
    this.deps.bus.emit({
      type: 'prompt.answered',
      approvalId: approval.id,
      agentId,
      choice: decision?.choice ?? null,
      ...outcome,
    });
  }

  private failed(keys: string[], attempts: number, error: string): AnswerOutcome {
    return { keys, attempts, confirmed: false, error };
  }

  private async currentPrompt(
    target: AnswerTarget,
    paneId: string,
  ): Promise<{ present: boolean; prompt: ScreenPrompt | undefined }> {
    const prompt = readPrompt(target.kind, await this.deps.backend.readScreen(paneId));
    if (prompt && samePrompt(prompt.identity, target.identity)) return { present: true, prompt };
    if (target.identity.fingerprint.startsWith('hook-')) return { present: true, prompt };
    return { present: false, prompt: undefined };
  }

  /** The prompt as soon as the screen shows it readably, within `readableWaitMs`; undefined when it never does. */
  private async readableWithin(target: AnswerTarget, paneId: string): Promise<ScreenPrompt | undefined> {
    const deadline = this.deps.clock.now() + this.deps.timings.readableWaitMs;
    while (this.deps.clock.now() < deadline) {
      await this.sleep(100);
      const prompt = readPrompt(target.kind, await this.deps.backend.readScreen(paneId));
      if (prompt) return prompt;
    }
    return undefined;
  }

  /** The prompt left the screen and, for a typed prompt, the screen shows the answer typed after its question. */
  private async waitUntilGone(
    target: AnswerTarget,
    paneId: string,
    prompt: ScreenPrompt,
    plan: PlannedAnswer,
  ): Promise<boolean> {
    const deadline = this.deps.clock.now() + this.deps.timings.confirmTimeoutMs;
    for (;;) {
      await this.sleep(100);
      const screen = await this.deps.backend.readScreen(paneId);
      const now = readPrompt(target.kind, screen);
      if ((!now || !samePrompt(now.identity, target.identity)) && showsOutcome(screen, prompt, plan))
        return true;
      if (this.deps.clock.now() >= deadline) return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms));
  }
}

/** The error of a decision on a prompt known only from a hook whose dialog never became readable. */
export const UNREADABLE = 'could not read the choices on screen: nothing was pressed — answer in the pane';

/** The error of an answer the host stopped in the middle of. */
export const INTERRUPTED =
  'Switchboard stopped before the answer was confirmed: whether the keys were pressed is unknown — check the pane';

/** A typed prompt's answer stays on its line (`Continue? [y/N] y`); a TUI's dialog just goes away. */
function showsOutcome(screen: ScreenSnapshot, prompt: ScreenPrompt, plan: PlannedAnswer): boolean {
  if (prompt.style !== 'typed' || !plan.text) return true;
  const tail = prompt.question.slice(-12);
  return screen.lines.some((line) => line.includes(tail) && line.trimEnd().endsWith(plan.text));
}
