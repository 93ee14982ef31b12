import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { PlanStep } from '@switchboard/protocol';
import { attemptLabel, stepDuration } from '../../plans/plan-dag';
import { useNow } from '../dashboard/use-now';

export interface StepNodeData extends Record<string, unknown> {
  step: PlanStep;
  assignee: string | null;
  selected: boolean;
  onOpen(stepId: string): void;
}
export type StepNode = Node<StepNodeData, 'step'>;

/** An icon per step state, so colour is never the only signal. */
export const stepIcons: Record<PlanStep['state'], string> = {
  waiting: '◌',
  awaiting_approval: '?',
  running: '●',
  completed: '✓',
  failed: '✕',
  skipped: '↷',
  cancelled: '×',
};

export const stepStateLabel = (state: PlanStep['state']) => state.replaceAll('_', ' ');

/** A step in the plan's DAG: its id, state, assignee, time and attempt; a button that opens its details. */
export const PlanStepNodeView = memo(function PlanStepNodeView({ data }: NodeProps<StepNode>) {
  const { step, assignee, selected } = data;
  const attempt = attemptLabel(step);
  // The time ticks inside the node, so the node object (and React Flow's measurements) stays the same.
  const now = useNow();
  const duration = stepDuration(step, now);
  return (
    <div
      className={`plan-step step-${step.state}${selected ? ' plan-step-selected' : ''}`}
      data-testid="plan-step"
      data-step={step.id}
      data-state={step.state}
      data-attempt={step.attempt}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="flow-handle" />
      <button
        type="button"
        className="plan-step-button"
        aria-pressed={selected}
        onClick={() => data.onOpen(step.id)}
      >
        <span className="plan-step-head">
          <span className="plan-step-id">{step.id}</span>
          <span className={`plan-step-state step-state-${step.state}`}>
            <span aria-hidden="true">{stepIcons[step.state]}</span> {stepStateLabel(step.state)}
          </span>
        </span>
        <span className="plan-step-meta">{assignee ?? (step.reason ? step.reason : 'no assignee yet')}</span>
        <span className="plan-step-meta">
          {duration ?? 'not started'}
          {attempt ? ` · ${attempt}` : ''}
        </span>
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} className="flow-handle" />
    </div>
  );
});
