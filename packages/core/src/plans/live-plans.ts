import { humanCaller } from '@switchboard/protocol';
import type { Caller, PlanStep } from '@switchboard/protocol';
import type { PlanRecord, StepRecord } from './plan-repository';

/** A plan in flight, with its steps indexed. */
export interface LivePlan {
  record: PlanRecord;
  byId: Map<string, StepRecord>;
  dependents: Map<string, string[]>;
}

export type StepEvent =
  | 'plan.step_started'
  | 'plan.step_awaiting_approval'
  | 'plan.step_completed'
  | 'plan.step_timed_out'
  | 'plan.step_retried'
  | 'plan.step_skipped'
  | 'plan.step_cancelled'
  | 'plan.step_waiting';

const TERMINAL = new Set(['completed', 'failed', 'skipped', 'cancelled']);
/** A dependency in these states never completes: with stopOnFailure its dependents are skipped. */
export const BLOCKING = new Set(['failed', 'skipped', 'cancelled']);

export const isTerminal = (step: Pick<PlanStep, 'state'>): boolean => TERMINAL.has(step.state);
export const callerOf = (id: string): Caller => (id === humanCaller.id ? humanCaller : { kind: 'agent', id });
export const stepView = ({ firstAttempt: _first, ...step }: StepRecord): PlanStep => step;

/** The steps each agent is running now, over the given live plans. */
export function runningStepsOf(plans: Iterable<LivePlan>): Map<string, { planId: string; stepId: string }[]> {
  const steps = new Map<string, { planId: string; stepId: string }[]>();
  for (const live of plans) {
    for (const step of live.record.steps) {
      if (step.state === 'running' && step.assigneeId)
        steps.set(step.assigneeId, [
          ...(steps.get(step.assigneeId) ?? []),
          { planId: live.record.id, stepId: step.id },
        ]);
    }
  }
  return steps;
}

/** Running steps per agent, over the given live plans (what least-busy picking weighs). */
export function busyCounts(plans: Iterable<LivePlan>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const live of plans) {
    for (const step of live.record.steps)
      if (step.state === 'running' && step.assigneeId)
        counts.set(step.assigneeId, (counts.get(step.assigneeId) ?? 0) + 1);
  }
  return counts;
}
