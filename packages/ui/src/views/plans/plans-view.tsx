import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore as useFlowStore,
  type Edge,
} from '@xyflow/react';
import { useStore } from 'zustand';
import type { PlanSummary } from '@switchboard/protocol';
import { planEdges, stepDuration } from '../../plans/plan-dag';
import { createPlansStore, type PlanCommand, type PlansStore } from '../../plans/plans-store';
import { callerName } from '../../store/selectors';
import { shownName } from '../../store/shown-name';
import { useNow } from '../dashboard/use-now';
import { useFleet, useShell } from '../store-context';
import { CoordinationPanel } from './coordination-panel';
import { FlowsPanel } from './flows-panel';
import { ManagersPanel } from './managers-panel';
import { PlanStepNodeView, type StepNode } from './plan-step-node';
import { StepPanel } from './step-panel';
import { usePlanLayout } from './use-plan-layout';
import { ProblemAlert } from '../problem-alert';
import { AgentName } from '../agent-name';
import '../flow/flow.css';
import './plans.css';

const nodeTypes = { step: PlanStepNodeView };
const proOptions = { hideAttribution: true };
const marker = {
  type: MarkerType.ArrowClosed,
  width: 16,
  height: 16,
  markerUnits: 'userSpaceOnUse',
  color: '#8c959f',
};

/** Plans as live DAGs (each step's state, assignee, time, attempt), with their steering buttons; the managers' pools; barriers, votes and leaders. */
export function PlansView() {
  const client = useFleet((s) => s.client);
  const [store] = useState(() => createPlansStore(client));
  useEffect(() => {
    void store.getState().refresh();
    return () => store.getState().dispose();
  }, [store]);
  return (
    <ReactFlowProvider>
      <PlansBody store={store} />
    </ReactFlowProvider>
  );
}

const countsText = (summary: PlanSummary) =>
  Object.entries(summary.counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state.replaceAll('_', ' ')}`)
    .join(', ');

function PlanList({
  plans,
  shown,
  onPick,
}: {
  plans: PlanSummary[];
  shown: string | null;
  onPick(id: string): void;
}) {
  if (plans.length === 0)
    return <p className="muted">No plans yet (plan.create, or a manager agent's plan_create tool).</p>;
  return (
    <ul className="plan-list">
      {plans.map((plan) => (
        <li key={plan.id}>
          <button
            type="button"
            className={`plan-row${plan.id === shown ? ' active' : ''}`}
            aria-current={plan.id === shown ? 'true' : undefined}
            data-testid="plan-row"
            data-plan={plan.name}
            data-state={plan.state}
            onClick={() => onPick(plan.id)}
          >
            <span className="plan-row-name">{plan.name}</span>
            <span className={`plan-state plan-state-${plan.state}`}>{plan.state}</span>
            <span className="muted plan-row-counts">{countsText(plan)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function PlansBody({ store }: { store: PlansStore }) {
  const fleet = useFleet((s) => s.fleet);
  const theme = useShell((s) => s.theme);
  const plans = useStore(store, (s) => s.plans);
  const plan = useStore(store, (s) => s.plan);
  const stepId = useStore(store, (s) => s.stepId);
  const stepMessages = useStore(store, (s) => s.stepMessages);
  const error = useStore(store, (s) => s.error);
  const [problem, setProblem] = useState<string | null>(null);
  const now = useNow();
  const layout = usePlanLayout(plan);
  const flowApi = useReactFlow();
  const openStep = useCallback((id: string) => void store.getState().selectStep(id), [store]);

  // The newest plan is shown until the human picks one.
  useEffect(() => {
    if (!plan && plans[0] && !store.getState().plan) void store.getState().select(plans[0].id);
  }, [plan, plans, store]);
  // Fitted again when the canvas changes size (the step panel opens or closes, the window is resized).
  const canvasWidth = useFlowStore((s) => s.width);
  const canvasHeight = useFlowStore((s) => s.height);
  useEffect(() => {
    if (layout.width === 0) return;
    const frame = requestAnimationFrame(
      () => void flowApi.fitView({ padding: 0.1, maxZoom: 1.1, duration: 0 }),
    );
    return () => cancelAnimationFrame(frame);
  }, [layout, flowApi, canvasWidth, canvasHeight]);

  // A node object is kept while its step, box, label and selection are the same: React Flow then keeps its
  // measured handles, so the edges do not blink out while unrelated steps change.
  // Named as the step panel names it: a closed assignee "alice (closed)".
  const { agents, approvals, formerNames, sequence } = fleet;
  const names = useMemo(
    () => ({ agents, approvals, formerNames, sequence }),
    [agents, approvals, formerNames, sequence],
  );
  const cache = useRef(new Map<string, StepNode>());
  const nodes: StepNode[] = useMemo(() => {
    const next = new Map<string, StepNode>();
    const list = (plan ? plan.steps : []).flatMap((step) => {
      const box = layout.boxes[step.id];
      if (!box) return [];
      const assignee = step.assigneeId ? shownName(names, step.assigneeId).text : null;
      const known = cache.current.get(step.id);
      const same =
        known &&
        known.data.step === step &&
        known.position.x === box.x &&
        known.position.y === box.y &&
        known.data.assignee === assignee &&
        known.data.selected === (step.id === stepId);
      const node: StepNode = same
        ? known
        : {
            id: step.id,
            type: 'step' as const,
            position: { x: box.x, y: box.y },
            width: box.width,
            height: box.height,
            data: { step, assignee, selected: step.id === stepId, onOpen: openStep },
          };
      next.set(step.id, node);
      return [node];
    });
    cache.current = next;
    return list;
  }, [plan, layout, names, stepId, openStep]);
  const edges: Edge[] = useMemo(
    () =>
      (plan ? planEdges(plan) : []).map((edge) => ({
        id: edge.id,
        source: edge.from,
        target: edge.to,
        markerEnd: marker,
        // Not met yet: still dashes, not React Flow's `animated` (an endless animation, see plans.css).
        className: edge.satisfied ? 'plan-edge plan-edge-done' : 'plan-edge plan-edge-waiting',
      })),
    [plan],
  );

  const steer = async (command: PlanCommand) => setProblem(await store.getState().steer(command));
  const step = plan?.steps.find((s) => s.id === stepId);
  const live = plan && (plan.state === 'running' || plan.state === 'paused');

  return (
    <div className="plans-view" data-testid="plans-view">
      <aside className="plans-side" aria-label="Plans and managers">
        <section className="panel">
          <h2 className="flow-title">Plans</h2>
          <ProblemAlert problem={error} />
          <PlanList
            plans={plans}
            shown={plan?.id ?? null}
            onPick={(id) => void store.getState().select(id)}
          />
        </section>
        <ManagersPanel nameOf={(id) => callerName(fleet, id)} />
        <CoordinationPanel nameOf={(id) => callerName(fleet, id)} />
        <FlowsPanel />
      </aside>
      <section className="plan-main" aria-label="Plan">
        {plan ? (
          <>
            <div className="chart-toolbar">
              <h2 className="flow-title" data-testid="plan-title">
                {plan.name}
              </h2>
              <span className={`plan-state plan-state-${plan.state}`} data-testid="plan-state">
                {plan.state}
              </span>
              <span className="muted">
                by <AgentName state={fleet} id={plan.createdBy} /> · {plan.steps.length} steps
                {plan.stopOnFailure ? ' · stops on failure' : ''}
              </span>
              <div className="plan-actions">
                {plan.state === 'running' && (
                  <button type="button" className="secondary" onClick={() => void steer('plan.pause')}>
                    Pause
                  </button>
                )}
                {plan.state === 'paused' && (
                  <button type="button" onClick={() => void steer('plan.resume')}>
                    Resume
                  </button>
                )}
                {live && (
                  <button type="button" className="danger" onClick={() => void steer('plan.cancel')}>
                    Cancel plan
                  </button>
                )}
              </div>
            </div>
            <ProblemAlert problem={problem} />
            <div className="plan-body">
              <div className="chart-canvas plan-canvas" data-testid="plan-graph">
                <ReactFlow
                  nodes={nodes}
                  edges={edges}
                  nodeTypes={nodeTypes}
                  nodesDraggable={false}
                  nodesConnectable={false}
                  nodesFocusable={false}
                  onNodeClick={(_event, node) => openStep(node.id)}
                  edgesFocusable={false}
                  elementsSelectable={false}
                  minZoom={0.05}
                  proOptions={proOptions}
                  colorMode={theme}
                >
                  <Background gap={24} />
                  <Controls showInteractive={false} />
                </ReactFlow>
              </div>
              {step && (
                <StepPanel
                  plan={plan}
                  step={step}
                  messages={stepMessages}
                  fleet={fleet}
                  duration={stepDuration(step, now)}
                  onRetry={(id) => store.getState().retryStep(id)}
                  onReassign={(id, agent) => store.getState().reassignStep(id, agent)}
                  onClose={() => void store.getState().selectStep(null)}
                />
              )}
            </div>
          </>
        ) : (
          <p className="muted">
            {plans.length === 0 ? 'Plans appear here as soon as one is created.' : 'Loading the plan…'}
          </p>
        )}
      </section>
    </div>
  );
}
