import type {
  Approval,
  Caller,
  CommandOutput,
  ParsedInput,
  PlanStep,
  StepFailure,
} from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { silentLogger, type Logger } from '../ports/logger';
import { redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';
import type { AssigneePicker } from './plan-assignees';
import { dependentsOf } from './plan-graph';
import {
  BLOCKING,
  busyCounts,
  callerOf,
  isTerminal,
  runningStepsOf,
  stepView,
  type LivePlan,
  type StepEvent,
} from './live-plans';
import { PlanRepository, type PlanRecord, type StepRecord } from './plan-repository';
import { StepTimers } from './step-timers';
import { stepApprovalRequest, stepInstruction, stepMessage } from './step-texts';
import { passes } from './step-validation';

/** A step's failure history keeps this many attempts. */
const MAX_FAILURES_KEPT = 20;

export interface PlanRunnerDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  approvals: ApprovalQueue;
  assignees: AssigneePicker;
  /** Sends a step's instruction as the plan's creator, or the person once it is closed (messaging's `send`). */
  send(sender: Caller, input: ParsedInput<'message.send'>): CommandOutput<'message.send'>;
  logger?: Logger;
}

/**
 * The executor: a state machine over each live plan's steps. Every transition is one SQLite write
 * (the step's row, with the instruction message when a step starts), then its event; nothing lives
 * only in memory, so `resume` after a crash picks up where the database says, and a completed step
 * is never started again. Time comes from the Clock (timeouts), decisions from the approval queue.
 */
export class PlanRunner {
  readonly repository: PlanRepository;
  private readonly live = new Map<string, LivePlan>();
  private readonly timers: StepTimers;
  private readonly logger: Logger;

  constructor(private readonly deps: PlanRunnerDeps) {
    this.repository = new PlanRepository(deps.store);
    this.logger = deps.logger ?? silentLogger;
    this.timers = new StepTimers(deps.clock, this.logger);
  }

  /** A plan in flight, or undefined if it is finished (or unknown). */
  liveOf(planId: string): LivePlan | undefined {
    return this.live.get(planId);
  }

  /** Makes a stored plan live (on create, on start after a crash, when a retry revives a finished plan) and runs what is ready. */
  activate(record: PlanRecord): LivePlan {
    const live: LivePlan = {
      record,
      byId: new Map(record.steps.map((s) => [s.id, s])),
      dependents: dependentsOf(record.steps),
    };
    this.live.set(record.id, live);
    for (const step of record.steps) if (step.state === 'running') this.armTimeout(live, step);
    this.pump(live);
    return live;
  }

  /** Loads every plan a crash interrupted (running or paused). */
  resumeAll(): void {
    for (const id of this.repository.activeIds()) {
      const record = this.repository.find(id);
      if (record) this.activate(record);
    }
  }

  stop(): void {
    this.timers.stop();
    this.live.clear();
  }

  /** Every live plan that is running: tried again when the fleet changes (a step may be waiting for an agent). */
  pumpAll(): void {
    for (const live of this.live.values()) this.pump(live);
  }

  /** Evaluates every step that is not finished and not running. */
  pump(live: LivePlan): void {
    for (const step of live.record.steps)
      if (step.state === 'waiting' || step.state === 'awaiting_approval') this.evaluate(live, step.id);
    this.finishIfDone(live);
  }

  complete(live: LivePlan, stepId: string, output: string): { accepted: boolean; step: PlanStep } {
    const step = live.byId.get(stepId)!;
    if (!passes(step.validation, output)) {
      const pattern = 'regex' in step.validation ? step.validation.regex : '';
      this.failAttempt(live, stepId, 'validation', `output does not match /${pattern}/`, output);
      return { accepted: false, step: stepView(live.byId.get(stepId)!) };
    }
    this.cancelTimer(live, stepId);
    const done = this.commit(live, stepId, {
      state: 'completed',
      output: redactSecrets(output),
      finishedAt: isoTime(this.deps.clock),
      reason: null,
    });
    this.emitStep(live, 'plan.step_completed', done);
    this.settled(live, stepId);
    return { accepted: true, step: stepView(live.byId.get(stepId)!) };
  }

  /** An attempt failed: another attempt if the step has retries left (and the failure is worth retrying), else the step fails. */
  failAttempt(
    live: LivePlan,
    stepId: string,
    failure: StepFailure,
    reason: string,
    output: string | null = null,
  ): void {
    this.cancelTimer(live, stepId);
    const step = live.byId.get(stepId)!;
    const left = step.firstAttempt + step.retries - step.attempt;
    const retry = left > 0 && failure !== 'denied' && failure !== 'cancelled';
    const text = redactSecrets(reason);
    const at = isoTime(this.deps.clock);
    const failed = this.commit(live, stepId, {
      state: retry ? 'waiting' : 'failed',
      reason: text,
      output: output === null ? null : redactSecrets(output),
      finishedAt: at,
      failures: [...step.failures, { attempt: step.attempt, failure, reason: text, at }].slice(
        -MAX_FAILURES_KEPT,
      ),
    });
    this.deps.bus.emit({
      type: 'plan.step_failed',
      planId: live.record.id,
      participants: [...live.record.participants],
      step: stepView(failed),
      failure,
      final: !retry,
    });
    if (retry) this.evaluate(live, stepId);
    else this.settled(live, stepId);
    this.finishIfDone(live);
  }

  /** A decision on a step's approval item (or a policy's, at once): start it, or fail it for good. */
  onApprovalDecided(approval: Approval): void {
    if (approval.kind !== 'plan_step') return;
    const ref = this.repository.stepOfApproval(approval.id);
    const live = ref && this.live.get(ref.planId);
    if (!live || live.byId.get(ref.stepId)?.state !== 'awaiting_approval') return;
    this.evaluate(live, ref.stepId);
    this.finishIfDone(live);
  }

  /** Cancels a step that has not finished: its timer, its pending approval item; the running assignee is told. */
  cancelStep(live: LivePlan, stepId: string, reason: string): void {
    const step = live.byId.get(stepId)!;
    this.cancelTimer(live, stepId);
    if (step.state === 'awaiting_approval' && step.approvalId)
      this.deps.approvals.withdraw(step.approvalId, reason);
    if (step.state === 'running' && step.assigneeId)
      this.tell(live, step, `Stop step "${step.id}" of plan "${live.record.name}": ${reason}`);
    const cancelled = this.commit(live, stepId, {
      state: 'cancelled',
      reason,
      finishedAt: isoTime(this.deps.clock),
    });
    this.emitStep(live, 'plan.step_cancelled', cancelled);
  }

  /** Writes a step's new fields (one row; a function's writes share its transaction), then swaps the in-memory copy. */
  commit(
    live: LivePlan,
    stepId: string,
    changes: Partial<StepRecord> | (() => Partial<StepRecord>),
  ): StepRecord {
    const next = this.deps.store.transaction(() => {
      const step = { ...live.byId.get(stepId)!, ...(typeof changes === 'function' ? changes() : changes) };
      this.repository.updateStep(live.record.id, step);
      return step;
    });
    live.byId.set(stepId, next);
    const index = live.record.steps.findIndex((s) => s.id === stepId);
    live.record.steps[index] = next;
    return next;
  }

  /** Writes the plan's own row (state, participants) and, for a state change, says so. */
  setPlanState(live: LivePlan, state: PlanRecord['state'], reason: string | null): void {
    live.record = { ...live.record, state, updatedAt: isoTime(this.deps.clock) };
    this.repository.updatePlan(live.record);
    this.deps.bus.emit({
      type: 'plan.state_changed',
      planId: live.record.id,
      participants: [...live.record.participants],
      state,
      reason,
    });
    if (state !== 'running' && state !== 'paused') {
      for (const step of live.record.steps) this.cancelTimer(live, step.id);
      this.live.delete(live.record.id);
    }
  }

  emitStep(live: LivePlan, type: StepEvent, step: StepRecord): void {
    this.deps.bus.emit({
      type,
      planId: live.record.id,
      participants: [...live.record.participants],
      step: stepView(step),
    });
  }

  /** The steps each agent is running now, over every live plan. */
  runningSteps(): Map<string, { planId: string; stepId: string }[]> {
    return runningStepsOf(this.live.values());
  }

  /** Running steps per agent, over every live plan (what least-busy picking weighs). */
  busy(): Map<string, number> {
    return busyCounts(this.live.values());
  }

  /** After a step finished (completed or failed for good): its dependents may start, or be skipped. */
  private settled(live: LivePlan, stepId: string): void {
    for (const dependent of live.dependents.get(stepId) ?? []) this.evaluate(live, dependent);
    this.finishIfDone(live);
  }

  /** Decides what a waiting (or gated) step does now: nothing yet, skip, ask for approval, or start. */
  private evaluate(live: LivePlan, stepId: string): void {
    const step = live.byId.get(stepId)!;
    if (step.state !== 'waiting' && step.state !== 'awaiting_approval') return;
    const dependencies = step.dependsOn.map((id) => live.byId.get(id)!);
    if (live.record.stopOnFailure && dependencies.some((d) => BLOCKING.has(d.state))) {
      this.skip(live, stepId);
      return;
    }
    const ready = dependencies.every(
      (d) => d.state === 'completed' || (!live.record.stopOnFailure && isTerminal(d)),
    );
    if (!ready || live.record.state !== 'running') return;
    if (step.approval) {
      const approval = step.approvalId ? this.deps.approvals.get(step.approvalId) : undefined;
      if (!approval) return this.askApproval(live, stepId);
      if (approval.status === 'pending') return;
      if (approval.status !== 'approved')
        return this.failAttempt(live, stepId, 'denied', `approval ${approval.status}`);
    }
    this.startAttempt(live, stepId);
  }

  private skip(live: LivePlan, stepId: string): void {
    const step = live.byId.get(stepId)!;
    if (step.state === 'awaiting_approval' && step.approvalId)
      this.deps.approvals.withdraw(step.approvalId, 'a dependency failed');
    const failedDependency = step.dependsOn.find((id) => BLOCKING.has(live.byId.get(id)!.state));
    const skipped = this.commit(live, stepId, {
      state: 'skipped',
      reason: `dependency "${failedDependency}" did not complete`,
      finishedAt: isoTime(this.deps.clock),
    });
    this.emitStep(live, 'plan.step_skipped', skipped);
    for (const dependent of live.dependents.get(stepId) ?? []) this.evaluate(live, dependent);
  }

  private askApproval(live: LivePlan, stepId: string): void {
    const step = live.byId.get(stepId)!;
    const raised = this.deps.approvals.raise(
      callerOf(live.record.createdBy),
      stepApprovalRequest(live.record, step),
    );
    const gated = this.commit(live, stepId, {
      state: 'awaiting_approval',
      approvalId: raised.id,
      reason: 'waiting for approval',
    });
    this.emitStep(live, 'plan.step_awaiting_approval', gated);
    if (raised.status !== 'pending') this.evaluate(live, stepId);
  }

  private startAttempt(live: LivePlan, stepId: string): void {
    const step = live.byId.get(stepId)!;
    const picked = this.deps.assignees.pick(step.assignee, this.busy());
    if ('waiting' in picked) {
      if (step.reason === picked.waiting && step.state === 'waiting') return;
      this.emitStep(
        live,
        'plan.step_waiting',
        this.commit(live, stepId, { state: 'waiting', reason: picked.waiting }),
      );
      return;
    }
    const attempt = step.attempt + 1;
    const correlationId = `plan:${live.record.id}:${step.id}:${attempt}`;
    const now = this.deps.clock.now();
    const newParticipant = !live.record.participants.includes(picked.agentId);
    if (newParticipant)
      live.record = { ...live.record, participants: [...live.record.participants, picked.agentId] };
    const current = this.commit(live, stepId, () => {
      if (newParticipant) this.repository.updatePlan(live.record);
      const body = stepInstruction(live.record, step, attempt);
      const sent = this.deps.send(
        callerOf(live.record.createdBy),
        stepMessage('instruction', picked.agentId, body, correlationId),
      );
      return {
        state: 'running',
        assigneeId: picked.agentId,
        attempt,
        correlationId,
        messageId: sent.messageIds[0] ?? null,
        startedAt: new Date(now).toISOString(),
        finishedAt: null,
        output: null,
        reason: null,
        deadline:
          step.timeoutSeconds === null ? null : new Date(now + step.timeoutSeconds * 1000).toISOString(),
      };
    });
    if (attempt > step.firstAttempt) this.emitStep(live, 'plan.step_retried', current);
    this.emitStep(live, 'plan.step_started', current);
    // The creator's role may not message the assignee: messaging left it out.
    if (current.messageId === null)
      return this.failAttempt(
        live,
        stepId,
        'not_permitted',
        `the plan's creator may not message ${picked.agentId}`,
      );
    this.armTimeout(live, current);
  }

  private armTimeout(live: LivePlan, step: StepRecord): void {
    if (step.deadline === null) return;
    const { attempt } = step;
    this.timers.arm(live.record.id, step.id, Date.parse(step.deadline), () =>
      this.onTimeout(live.record.id, step.id, attempt),
    );
  }

  private onTimeout(planId: string, stepId: string, attempt: number): void {
    const live = this.live.get(planId);
    const step = live?.byId.get(stepId);
    if (!live || !step || step.state !== 'running' || step.attempt !== attempt) return;
    this.emitStep(live, 'plan.step_timed_out', step);
    this.failAttempt(live, stepId, 'timeout', `no result within ${step.timeoutSeconds}s`);
  }

  private cancelTimer(live: LivePlan, stepId: string): void {
    this.timers.cancel(live.record.id, stepId);
  }

  /** A short notice to a step's assignee (best effort: a refused message changes nothing here). */
  tell(live: LivePlan, step: StepRecord, text: string): void {
    try {
      this.deps.send(
        callerOf(live.record.createdBy),
        stepMessage('notification', step.assigneeId!, text, step.correlationId ?? undefined),
      );
    } catch (error) {
      this.logger.log('warn', "could not tell a plan step's assignee", {
        component: 'plans',
        planId: live.record.id,
        stepId: step.id,
        err: error,
      });
    }
  }

  private finishIfDone(live: LivePlan): void {
    if (live.record.state !== 'running' || !this.live.has(live.record.id)) return;
    if (!live.record.steps.every(isTerminal)) return;
    const failed = live.record.steps.some((s) => s.state !== 'completed');
    this.setPlanState(live, failed ? 'failed' : 'completed', failed ? 'some steps did not complete' : null);
  }
}
