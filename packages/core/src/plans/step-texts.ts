import type { ParsedInput } from '@switchboard/protocol';
import type { ApprovalRequest } from '../approvals/approval-service';
import type { PlanRecord, StepRecord } from './plan-repository';

const APPROVAL_TTL_MS = 24 * 3600_000;

/** The instruction message that starts an attempt of a step: the task and how to report back. */
export function stepInstruction(plan: PlanRecord, step: StepRecord, attempt: number): string {
  const check =
    'regex' in step.validation
      ? ` Your output must match the regular expression /${step.validation.regex}/${step.validation.flags}.`
      : '';
  return [
    `[plan "${plan.name}" · step "${step.id}" · attempt ${attempt - step.firstAttempt + 1} of ${step.retries + 1}]`,
    step.task,
    `When done, call plan_completeStep with plan "${plan.id}", step "${step.id}" and your output (or plan_failStep with a reason).${check}`,
  ].join('\n\n');
}

/** The approval item a gated step raises before it starts. */
export function stepApprovalRequest(plan: PlanRecord, step: StepRecord): ApprovalRequest {
  return {
    kind: 'plan_step',
    summary: `Plan "${plan.name}": start step "${step.id}"?`.slice(0, 2000),
    payload: { planId: plan.id, stepId: step.id, message: step.task.slice(0, 65536) },
    choices: ['start', 'do not start'],
    expiresInMs: APPROVAL_TTL_MS,
    onExpiry: 'deny',
  };
}

/** A message from a plan to a step's assignee (its instruction, or a notice such as "stop"), typed into its pane when idle. */
export function stepMessage(
  kind: 'instruction' | 'notification',
  agentId: string,
  body: string,
  correlationId: string | undefined,
): ParsedInput<'message.send'> {
  return {
    kind,
    to: { agent: agentId },
    body,
    correlationId,
    priority: 'normal',
    dedupe: false,
    typeIntoPane: 'auto',
  };
}
