import type { Plan, PlanState, PlanStep, PlanStepState } from '@switchboard/protocol';
import { statementCache } from '../store/statement-cache';
import type { Store } from '../store/store';
import { limitClause } from '../store/sql-limit';

/** A step as the executor keeps it: the contract's view plus where its current retry budget began. */
export interface StepRecord extends PlanStep {
  /** The attempt number the current budget started from (a retry or reassignment starts a new budget). */
  firstAttempt: number;
}

/** A plan as the executor keeps it. */
export interface PlanRecord extends Omit<Plan, 'steps'> {
  steps: StepRecord[];
  participants: string[];
}

interface PlanRow {
  id: string;
  name: string;
  state: string;
  stop_on_failure: number;
  created_by: string;
  participants: string;
  created_at: string;
  updated_at: string;
}

interface StepRow {
  step_id: string;
  spec: string;
  state: string;
  assignee_id: string | null;
  attempt: number;
  first_attempt: number;
  correlation_id: string | null;
  message_id: string | null;
  approval_id: string | null;
  started_at: string | null;
  deadline: string | null;
  finished_at: string | null;
  output: string | null;
  reason: string | null;
  failures: string;
}

type StepSpec = Pick<
  PlanStep,
  'task' | 'assignee' | 'dependsOn' | 'timeoutSeconds' | 'retries' | 'validation' | 'approval'
>;

const specOf = (step: StepRecord): string =>
  JSON.stringify({
    task: step.task,
    assignee: step.assignee,
    dependsOn: step.dependsOn,
    timeoutSeconds: step.timeoutSeconds,
    retries: step.retries,
    validation: step.validation,
    approval: step.approval,
  } satisfies StepSpec);

const toStep = (row: StepRow): StepRecord => ({
  id: row.step_id,
  ...(JSON.parse(row.spec) as StepSpec),
  state: row.state as PlanStepState,
  assigneeId: row.assignee_id,
  attempt: row.attempt,
  firstAttempt: row.first_attempt,
  correlationId: row.correlation_id,
  messageId: row.message_id,
  approvalId: row.approval_id,
  startedAt: row.started_at,
  deadline: row.deadline,
  finishedAt: row.finished_at,
  output: row.output,
  reason: row.reason,
  failures: JSON.parse(row.failures) as PlanStep['failures'],
});

const stepArgs = (step: StepRecord) => [
  specOf(step),
  step.state,
  step.assigneeId,
  step.attempt,
  step.firstAttempt,
  step.correlationId,
  step.messageId,
  step.approvalId,
  step.startedAt,
  step.deadline,
  step.finishedAt,
  step.output,
  step.reason,
  JSON.stringify(step.failures),
];

export interface PlanListFilter {
  state?: PlanState | undefined;
  participant?: string | undefined;
  limit: number;
}

/** SQL for plans: one row per plan, one per step, each step row rewritten whole when it changes. */
export class PlanRepository {
  private readonly prepared: ReturnType<typeof statementCache>;

  constructor(private readonly store: Store) {
    this.prepared = statementCache(store.db);
  }

  insert(plan: PlanRecord): void {
    this.prepared(
      `INSERT INTO plans (id, name, state, stop_on_failure, created_by, participants, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      plan.id,
      plan.name,
      plan.state,
      plan.stopOnFailure ? 1 : 0,
      plan.createdBy,
      JSON.stringify(plan.participants),
      plan.createdAt,
      plan.updatedAt,
    );
    this.addParticipants(plan);
    const insertStep = this
      .prepared(`INSERT INTO plan_steps (plan_id, step_id, position, spec, state, assignee_id, attempt, first_attempt, correlation_id,
        message_id, approval_id, started_at, deadline, finished_at, output, reason, failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    plan.steps.forEach((step, position) => insertStep.run(plan.id, step.id, position, ...stepArgs(step)));
  }

  updatePlan(plan: PlanRecord): void {
    this.prepared('UPDATE plans SET state = ?, participants = ?, updated_at = ? WHERE id = ?').run(
      plan.state,
      JSON.stringify(plan.participants),
      plan.updatedAt,
      plan.id,
    );
    this.addParticipants(plan);
  }

  /** Participants are only ever added (a step assigned to a new agent): the table gets those it lacks. */
  private addParticipants(plan: PlanRecord): void {
    this.prepared(
      'INSERT OR IGNORE INTO plan_participants (agent_id, plan_id) SELECT value, ? FROM json_each(?)',
    ).run(plan.id, JSON.stringify(plan.participants));
  }

  updateStep(planId: string, step: StepRecord): void {
    this.prepared(
      `UPDATE plan_steps SET spec = ?, state = ?, assignee_id = ?, attempt = ?, first_attempt = ?, correlation_id = ?, message_id = ?,
        approval_id = ?, started_at = ?, deadline = ?, finished_at = ?, output = ?, reason = ?, failures = ? WHERE plan_id = ? AND step_id = ?`,
    ).run(...stepArgs(step), planId, step.id);
  }

  /** A plan's name alone (no steps read). */
  /** Plans this agent created that are still running or paused. */
  liveCountBy(createdBy: string): number {
    return this.prepared<[string], { n: number }>(
      "SELECT count(*) AS n FROM plans WHERE state IN ('running', 'paused') AND created_by = ?",
    ).get(createdBy)!.n;
  }

  nameOf(id: string): string | undefined {
    return this.prepared<[string], { name: string }>('SELECT name FROM plans WHERE id = ?').get(id)?.name;
  }

  find(id: string): PlanRecord | undefined {
    const row = this.prepared<[string], PlanRow>('SELECT * FROM plans WHERE id = ?').get(id);
    if (!row) return undefined;
    const steps = this.prepared<[string], StepRow>(
      'SELECT * FROM plan_steps WHERE plan_id = ? ORDER BY position',
    )
      .all(id)
      .map(toStep);
    return toPlan(row, steps);
  }

  /** Plans still in flight (running or paused), oldest first: what a restart resumes. */
  activeIds(): string[] {
    return this.prepared<[], { id: string }>(
      "SELECT id FROM plans WHERE state IN ('running', 'paused') ORDER BY created_at, rowid",
    )
      .all()
      .map((r) => r.id);
  }

  /** Plan headers, newest first, with step counts per state (`planListSql` says which). */
  list(filter: PlanListFilter): { plan: Omit<PlanRecord, 'steps'>; counts: Map<string, number> }[] {
    const { sql, params } = planListSql(filter);
    const rows = this.prepared<string[], PlanRow>(sql).all(...params);
    const countSteps = this.prepared<[string], { state: string; n: number }>(
      'SELECT state, count(*) AS n FROM plan_steps WHERE plan_id = ? GROUP BY state',
    );
    return rows.map((row) => {
      const { steps: _steps, ...plan } = toPlan(row, []);
      return { plan, counts: new Map(countSteps.all(row.id).map((c) => [c.state, c.n])) };
    });
  }

  /** The plan and step an approval item gates. */
  stepOfApproval(approvalId: string): { planId: string; stepId: string } | undefined {
    const row = this.prepared<[string], { plan_id: string; step_id: string }>(
      'SELECT plan_id, step_id FROM plan_steps WHERE approval_id = ?',
    ).get(approvalId);
    return row ? { planId: row.plan_id, stepId: row.step_id } : undefined;
  }
}

/**
 * plan.list's query. With `participant`, only the plans that agent is part of, found by the participants table
 * before the LIMIT (so an agent sees all of its own, however many plans others have) and sorted there; without, read
 * newest first along an index (`plans_newest`, `plans_state_newest`), no sort. Before session 25 every call scanned
 * the plans (an agent's call parsed each one's participants) and sorted them.
 */
export function planListSql(filter: PlanListFilter): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.participant !== undefined) {
    where.push('plan_participants.agent_id = ?');
    params.push(filter.participant);
  }
  if (filter.state !== undefined) {
    where.push('plans.state = ?');
    params.push(filter.state);
  }
  // CROSS JOIN keeps the participants table outside: the agent's own rows, not every plan probed for the agent.
  const from =
    filter.participant === undefined
      ? 'plans'
      : 'plan_participants CROSS JOIN plans ON plans.id = plan_participants.plan_id';
  const sql =
    `SELECT plans.* FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
    ` ORDER BY plans.created_at DESC, plans.rowid DESC${limitClause(filter.limit)}`;
  return { sql, params };
}

function toPlan(row: PlanRow, steps: StepRecord[]): PlanRecord {
  return {
    id: row.id,
    name: row.name,
    state: row.state as PlanState,
    stopOnFailure: row.stop_on_failure === 1,
    createdBy: row.created_by,
    participants: JSON.parse(row.participants) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    steps,
  };
}
