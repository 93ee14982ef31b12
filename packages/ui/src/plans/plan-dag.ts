import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Plan, PlanStep } from '@switchboard/protocol';
import type { ElkLayouter, FlowLayout } from '../flow/flow-layout';
import { fromElkGraph } from '../flow/flow-layout';

export const STEP_WIDTH = 210;
export const STEP_HEIGHT = 78;

export interface PlanDagEdge {
  id: string;
  from: string;
  to: string;
  /** The dependency is done: the edge is drawn solid, else dashed. */
  satisfied: boolean;
}

const layoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '64',
  'elk.spacing.componentComponent': '36',
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
};

/** One edge per dependency, from the step depended on to the step that waits for it. Pure. */
export function planEdges(plan: Pick<Plan, 'steps'>): PlanDagEdge[] {
  const byId = new Map(plan.steps.map((step) => [step.id, step]));
  return plan.steps.flatMap((step) =>
    step.dependsOn
      .filter((dep) => byId.has(dep))
      .map((dep) => ({
        id: `${dep}→${step.id}`,
        from: dep,
        to: step.id,
        satisfied: byId.get(dep)!.state === 'completed',
      })),
  );
}

/** The ELK graph of a plan: a fixed-size box per step, an edge per dependency. Pure. */
export function planElkGraph(plan: Pick<Plan, 'steps'>): ElkNode {
  return {
    id: 'root',
    layoutOptions,
    children: plan.steps.map((step) => ({ id: step.id, width: STEP_WIDTH, height: STEP_HEIGHT })),
    edges: planEdges(plan).map((edge) => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
  };
}

/** Changes when a step or a dependency comes or goes (a reassignment or a state change keeps the layout). */
export function planShapeKey(plan: Pick<Plan, 'id' | 'steps'>): string {
  return `${plan.id}|${plan.steps.map((step) => `${step.id}<${step.dependsOn.join(',')}`).join('|')}`;
}

export async function layoutPlan(plan: Pick<Plan, 'steps'>, layouter: ElkLayouter): Promise<FlowLayout> {
  return fromElkGraph(await layouter.layout(planElkGraph(plan)));
}

/** How long a step ran (or has been running, at `now`), as "4 s", "3 min 5 s", "2 h 10 min"; null before it started. */
export function stepDuration(step: Pick<PlanStep, 'startedAt' | 'finishedAt'>, now: number): string | null {
  if (!step.startedAt) return null;
  const end = step.finishedAt ? Date.parse(step.finishedAt) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(step.startedAt)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * "attempt 2 · 1 retry" for a step that may retry, "attempt 1" otherwise; null before any attempt. The
 * attempt number counts every attempt of the step (a retried step keeps counting), the retries are per run.
 */
export function attemptLabel(step: Pick<PlanStep, 'attempt' | 'retries'>): string | null {
  if (step.attempt === 0) return null;
  return step.retries > 0
    ? `attempt ${step.attempt} · ${step.retries} ${step.retries === 1 ? 'retry' : 'retries'}`
    : `attempt ${step.attempt}`;
}

/**
 * Whether a message belongs to a step: every attempt's instruction carries `plan:<plan>:<step>:<attempt>`
 * and a reply carries its instruction's correlation id (or answers the current instruction). Pure.
 */
export function isStepMessage(
  message: { correlationId: string | null; replyTo: string | null },
  planId: string,
  step: Pick<PlanStep, 'id' | 'messageId'>,
): boolean {
  if (message.correlationId?.startsWith(`plan:${planId}:${step.id}:`)) return true;
  return step.messageId !== null && message.replyTo === step.messageId;
}
