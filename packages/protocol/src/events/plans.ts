import { z } from 'zod';
import { Id } from '../model/ids';
import { Plan, PlanState, PlanStep, StepFailure } from '../model/plan';
import { defineEvent } from './define';

/** Who may see a plan's events besides the human: its creator and every agent that has had one of its steps. */
const participants = z.array(z.string());
const stepFact = { planId: Id, participants, step: PlanStep };

export const planEvents = [
  defineEvent('plan.created', { plan: Plan, participants }),
  defineEvent('plan.state_changed', {
    planId: Id,
    participants,
    state: PlanState,
    reason: z.string().nullable(),
  }),
  defineEvent('plan.step_started', stepFact),
  defineEvent('plan.step_awaiting_approval', stepFact),
  defineEvent('plan.step_completed', stepFact),
  defineEvent('plan.step_failed', { ...stepFact, failure: StepFailure, final: z.boolean() }),
  defineEvent('plan.step_timed_out', stepFact),
  defineEvent('plan.step_retried', stepFact),
  defineEvent('plan.step_skipped', stepFact),
  defineEvent('plan.step_cancelled', stepFact),
  defineEvent('plan.step_reassigned', { ...stepFact, from: z.string().nullable() }),
  defineEvent('plan.step_waiting', stepFact),
] as const;
