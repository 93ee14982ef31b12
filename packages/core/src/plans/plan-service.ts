import { randomUUID } from 'node:crypto';
import { PlanStepState, SwitchboardError } from '@switchboard/protocol';
import type { Caller, CommandOutput, ParsedInput, Plan, PlanSpec, PlanSummary } from '@switchboard/protocol';
import { isoTime } from '../ports/clock';
import { graphProblems, hasProblems, transitiveDependents } from './plan-graph';
import type { PlanRecord, StepRecord } from './plan-repository';
import { isTerminal, stepView, type LivePlan } from './live-plans';
import { PlanRunner, type PlanRunnerDeps } from './plan-runner';
import { validationProblem } from './step-validation';
import { assertRoomToHold, defaultHoldingLimits, type HoldingLimits } from '../quotas/holding-limits';

type StepInput = { plan: string; step: string };

/**
 * Plans as the contract offers them: created from data (checked whole before anything runs), steered
 * by their creator or the human, reported on by their assignees. The runner does the executing.
 */
export interface PlanServiceDeps extends PlanRunnerDeps {
  /** The stored (redacted) body of a message: a reply to a step's instruction is its report. */
  messageBody(messageId: string): string | undefined;
  /** How many running or paused plans one agent may have created (`plans`). */
  holdings?: HoldingLimits;
}

export class PlanService {
  readonly runner: PlanRunner;
  private stopListening: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly deps: PlanServiceDeps) {
    this.runner = new PlanRunner(deps);
  }

  /** Resumes plans a crash interrupted; listens for approval decisions and fleet changes (a step may wait for an agent). */
  start(
    onDidDecide: (listener: (approval: Parameters<PlanRunner['onApprovalDecided']>[0]) => void) => () => void,
  ): void {
    if (this.stopped) return;
    this.stopListening.push(onDidDecide((approval) => this.runner.onApprovalDecided(approval)));
    this.stopListening.push(
      this.deps.bus.subscribe((event) => {
        if (
          event.type === 'agent.spawned' ||
          event.type === 'agent.updated' ||
          event.type === 'health.state_changed'
        )
          this.runner.pumpAll();
        if (
          event.type === 'message.sent' &&
          event.kind === 'reply' &&
          event.correlationId?.startsWith('plan:')
        )
          this.onReply(event.senderId, event.correlationId, event.messageId);
      }),
    );
    this.runner.resumeAll();
  }

  stop(): void {
    this.stopped = true;
    for (const stop of this.stopListening) stop();
    this.stopListening = [];
    this.runner.stop();
  }

  create(caller: Caller, spec: PlanSpec): Plan {
    this.assertValid(spec, caller.id);
    assertRoomToHold(caller, 'plans', this.deps.holdings ?? defaultHoldingLimits, () =>
      this.runner.repository.liveCountBy(caller.id),
    );
    const now = isoTime(this.deps.clock);
    const record: PlanRecord = {
      id: `plan-${randomUUID()}`,
      name: spec.name,
      state: 'running',
      stopOnFailure: spec.stopOnFailure,
      createdBy: caller.id,
      participants: [caller.id],
      createdAt: now,
      updatedAt: now,
      steps: spec.steps.map((step): StepRecord => ({
        id: step.id,
        task: step.task,
        assignee: step.assignee,
        dependsOn: [...new Set(step.dependsOn)],
        timeoutSeconds: step.timeoutSeconds ?? null,
        retries: step.retries,
        validation: step.validation,
        approval: step.approval,
        state: 'waiting',
        assigneeId: null,
        attempt: 0,
        firstAttempt: 1,
        correlationId: null,
        messageId: null,
        approvalId: null,
        startedAt: null,
        deadline: null,
        finishedAt: null,
        output: null,
        reason: null,
        failures: [],
      })),
    };
    this.deps.store.transaction(() => this.runner.repository.insert(record));
    this.deps.bus.emit({
      type: 'plan.created',
      plan: toPlan(record),
      participants: [...record.participants],
    });
    return toPlan(this.runner.activate(record).record);
  }

  get(caller: Caller, planId: string): Plan {
    return toPlan(this.visible(caller, planId));
  }

  list(caller: Caller, input: ParsedInput<'plan.list'>): CommandOutput<'plan.list'> {
    const rows = this.runner.repository.list({
      state: input.state,
      participant: caller.kind === 'human' ? undefined : caller.id,
      limit: input.limit,
    });
    const plans: PlanSummary[] = rows.map(({ plan: { participants: _participants, ...plan }, counts }) => ({
      ...plan,
      counts: Object.fromEntries(
        PlanStepState.options.map((state) => [state, counts.get(state) ?? 0]),
      ) as PlanSummary['counts'],
    }));
    return { plans };
  }

  pause(caller: Caller, planId: string): Plan {
    const live = this.steerable(caller, planId);
    if (live.record.state === 'running') this.runner.setPlanState(live, 'paused', null);
    return toPlan(live.record);
  }

  resume(caller: Caller, planId: string): Plan {
    const live = this.steerable(caller, planId);
    if (live.record.state === 'paused') {
      this.runner.setPlanState(live, 'running', null);
      this.runner.pump(live);
    }
    return toPlan(live.record);
  }

  cancel(caller: Caller, planId: string, reason = 'cancelled'): Plan {
    const live = this.steerable(caller, planId);
    for (const step of live.record.steps)
      if (!isTerminal(step)) this.runner.cancelStep(live, step.id, reason);
    this.runner.setPlanState(live, 'cancelled', reason);
    return toPlan(live.record);
  }

  /** Fresh attempts for a failed or skipped step; dependents it skipped wait again; a finished plan runs again. */
  retryStep(caller: Caller, input: StepInput): Plan {
    const record = this.visible(caller, input.plan);
    this.assertSteer(caller, record);
    if (record.state === 'cancelled')
      throw new SwitchboardError('conflict', `Plan "${record.name}" was cancelled`);
    const step = this.stepOf(record, input.step);
    if (step.state !== 'failed' && step.state !== 'skipped')
      throw new SwitchboardError(
        'conflict',
        `Step "${step.id}" is ${step.state}; only a failed or skipped step is retried`,
      );
    const live = this.runner.liveOf(record.id) ?? this.runner.activate(record);
    const again = [
      step.id,
      ...[...transitiveDependents(live.dependents, [step.id])].filter(
        (id) => live.byId.get(id)!.state === 'skipped',
      ),
    ];
    for (const id of again) {
      const current = live.byId.get(id)!;
      const denied =
        current.approvalId !== null && this.deps.approvals.get(current.approvalId)?.status !== 'approved';
      const reset = this.runner.commit(live, id, {
        state: 'waiting',
        firstAttempt: current.attempt + 1,
        reason: null,
        finishedAt: null,
        output: null,
        ...(denied ? { approvalId: null } : {}),
      });
      this.runner.emitStep(live, 'plan.step_waiting', reset);
    }
    if (live.record.state !== 'running' && live.record.state !== 'paused')
      this.runner.setPlanState(live, 'running', `step "${step.id}" retried`);
    this.runner.pump(live);
    return toPlan(live.record);
  }

  /** Gives a step to another assignee; a running attempt is withdrawn (its assignee told) and sent to the new one without using a retry. */
  reassignStep(caller: Caller, input: ParsedInput<'plan.reassignStep'>): Plan {
    const live = this.steerable(caller, input.plan);
    const step = this.stepOf(live.record, input.step);
    if (step.state === 'completed')
      throw new SwitchboardError('conflict', `Step "${step.id}" is already completed`);
    const problem = this.deps.assignees.problem(input.assignee, live.record.createdBy);
    if (problem)
      throw new SwitchboardError('invalid_input', `Cannot reassign step "${step.id}": ${problem}`, {
        details: { step: step.id, problem },
      });
    const running = step.state === 'running';
    if (running)
      this.runner.tell(
        live,
        step,
        `Step "${step.id}" of plan "${live.record.name}" was given to someone else: stop working on it.`,
      );
    const moved = this.runner.commit(live, step.id, {
      assignee: input.assignee,
      ...(running ? { state: 'waiting', firstAttempt: step.firstAttempt + 1, reason: 'reassigned' } : {}),
    });
    this.deps.bus.emit({
      type: 'plan.step_reassigned',
      planId: live.record.id,
      participants: [...live.record.participants],
      step: stepView(moved),
      from: step.assigneeId,
    });
    this.runner.pump(live);
    return toPlan(live.record);
  }

  completeStep(caller: Caller, input: ParsedInput<'plan.completeStep'>): CommandOutput<'plan.completeStep'> {
    const live = this.reportable(caller, input);
    return this.runner.complete(live, input.step, input.output);
  }

  failStep(caller: Caller, input: ParsedInput<'plan.failStep'>): CommandOutput<'plan.failStep'> {
    const live = this.reportable(caller, input);
    this.runner.failAttempt(live, input.step, 'reported', input.reason);
    return { step: stepView(live.byId.get(input.step)!) };
  }

  /**
   * A `reply` to a running step's instruction (same correlation id, from its assignee) reports the step
   * done with the reply's body as its output, validated like `plan.completeStep`'s. Replies to an older
   * attempt, or from anyone else, change nothing.
   */
  private onReply(senderId: string, correlationId: string, messageId: string): void {
    const [, planId, stepId] = correlationId.split(':');
    const live = planId === undefined ? undefined : this.runner.liveOf(planId);
    const step = stepId === undefined ? undefined : live?.byId.get(stepId);
    if (
      !live ||
      !step ||
      step.state !== 'running' ||
      step.correlationId !== correlationId ||
      step.assigneeId !== senderId
    )
      return;
    this.runner.complete(live, step.id, this.deps.messageBody(messageId) ?? '');
  }

  private assertValid(spec: PlanSpec, creatorId: string): void {
    const problems = graphProblems(spec.steps);
    const validation = spec.steps.flatMap((s) => {
      const problem = validationProblem(s.validation);
      return problem ? [{ step: s.id, problem }] : [];
    });
    const assignees = spec.steps.flatMap((s) => {
      const problem = this.deps.assignees.problem(s.assignee, creatorId);
      return problem ? [{ step: s.id, problem }] : [];
    });
    if (!hasProblems(problems) && validation.length === 0 && assignees.length === 0) return;
    const parts = [
      problems.duplicates.length ? `duplicate step ids: ${problems.duplicates.join(', ')}` : '',
      problems.unknown.length
        ? `unknown dependencies: ${problems.unknown.map((u) => `${u.step} → ${u.dependency}`).join(', ')}`
        : '',
      problems.cycles.length ? `cycles: ${problems.cycles.map((c) => c.join(' ↔ ')).join('; ')}` : '',
      problems.unreachable.length ? `unreachable steps: ${problems.unreachable.join(', ')}` : '',
      validation.length
        ? `bad validation: ${validation.map((v) => `${v.step} (${v.problem})`).join(', ')}`
        : '',
      assignees.length ? `bad assignees: ${assignees.map((a) => `${a.step} (${a.problem})`).join(', ')}` : '',
    ].filter(Boolean);
    throw new SwitchboardError('invalid_input', `Invalid plan "${spec.name}": ${parts.join('; ')}`, {
      hint: 'dependsOn must name steps of the same plan and form no cycle.',
      details: { ...problems, validation, assignees },
    });
  }

  /** The plan if the caller may see it: the human, its creator, or an agent that worked on it. Others learn nothing, not even that it exists. */
  private visible(caller: Caller, planId: string): PlanRecord {
    const record = this.runner.liveOf(planId)?.record ?? this.runner.repository.find(planId);
    if (!record || (caller.kind !== 'human' && !record.participants.includes(caller.id))) {
      throw new SwitchboardError('not_found', `No plan "${planId}"`, {
        hint: 'plan.list shows the plans you may see.',
      });
    }
    return record;
  }

  private assertSteer(caller: Caller, record: PlanRecord): void {
    if (caller.kind !== 'human' && caller.id !== record.createdBy) {
      throw new SwitchboardError(
        'forbidden',
        `Only the plan's creator or the human may steer plan "${record.name}"`,
        { details: { missing: 'plan_owner' } },
      );
    }
  }

  private steerable(caller: Caller, planId: string): LivePlan {
    const record = this.visible(caller, planId);
    this.assertSteer(caller, record);
    const live = this.runner.liveOf(planId);
    if (!live)
      throw new SwitchboardError('conflict', `Plan "${record.name}" is ${record.state}`, {
        details: { state: record.state },
      });
    return live;
  }

  /** The live plan whose running step the caller may report on: the step's assignee, the plan's creator or the human. */
  private reportable(caller: Caller, input: StepInput): LivePlan {
    const record = this.visible(caller, input.plan);
    const live = this.runner.liveOf(input.plan);
    if (!live)
      throw new SwitchboardError('conflict', `Plan "${record.name}" is ${record.state}`, {
        details: { state: record.state },
      });
    const step = this.stepOf(live.record, input.step);
    if (caller.kind !== 'human' && caller.id !== step.assigneeId && caller.id !== live.record.createdBy) {
      throw new SwitchboardError('forbidden', `Step "${step.id}" is not yours to report on`, {
        details: { missing: 'step_assignee' },
      });
    }
    if (step.state !== 'running')
      throw new SwitchboardError('conflict', `Step "${step.id}" is ${step.state}, not running`, {
        details: { state: step.state },
      });
    return live;
  }

  private stepOf(record: PlanRecord, stepId: string): StepRecord {
    const step = record.steps.find((s) => s.id === stepId);
    if (!step) throw new SwitchboardError('not_found', `Plan "${record.name}" has no step "${stepId}"`);
    return step;
  }
}

/** The contract's view of a plan record. */
export function toPlan({ participants: _participants, steps, ...plan }: PlanRecord): Plan {
  return { ...plan, steps: steps.map(stepView) };
}
