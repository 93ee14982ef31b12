import { useState } from 'react';
import type { Plan, PlanStep } from '@switchboard/protocol';
import type { StepMessages } from '../../plans/plans-store';
import { attemptLabel } from '../../plans/plan-dag';
import type { FleetState } from '../../store/fleet-state';
import { useShell } from '../store-context';
import { stepIcons, stepStateLabel } from './plan-step-node';
import { compareNames } from '../../store/name-order';
import { ProblemAlert } from '../problem-alert';
import { AgentName } from '../agent-name';
import { shownBody } from '../shown-text';

const MAX_BODY = 600;

export interface StepPanelProps {
  plan: Plan;
  step: PlanStep;
  messages: StepMessages | null;
  fleet: FleetState;
  duration: string | null;
  onRetry(stepId: string): Promise<string | null>;
  onReassign(stepId: string, agentId: string): Promise<string | null>;
  onClose(): void;
}

const describeAssignee = (step: PlanStep) =>
  'agent' in step.assignee
    ? `agent ${step.assignee.agent}`
    : 'manager' in step.assignee
      ? `manager ${step.assignee.manager}${step.assignee.role ? `, role ${step.assignee.role}` : ''}`
      : `role ${step.assignee.role}`;

/** One step up close: task, assignee (→ its agent detail and pane), attempts, output, its messages, retry and reassign. */
export function StepPanel({
  plan,
  step,
  messages,
  fleet,
  duration,
  onRetry,
  onReassign,
  onClose,
}: StepPanelProps) {
  const openAgent = useShell((s) => s.openAgent);
  const [target, setTarget] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const finished = plan.state === 'cancelled';
  const agents = Object.values(fleet.agents).sort((a, b) => compareNames(a.name, b.name));
  const run = async (work: () => Promise<string | null>) => setProblem(await work());
  const assignee = step.assigneeId ? fleet.agents[step.assigneeId] : undefined;

  return (
    <section
      className="panel step-panel"
      aria-labelledby="step-panel-title"
      data-testid="step-panel"
      data-step={step.id}
    >
      <div className="edge-messages-head">
        <h3 id="step-panel-title">Step {step.id}</h3>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
      <p className={`plan-step-state step-state-${step.state}`} data-testid="step-panel-state">
        <span aria-hidden="true">{stepIcons[step.state]}</span> {stepStateLabel(step.state)}
      </p>
      <dl className="step-facts">
        <dt>Task</dt>
        <dd className="message-body">{step.task}</dd>
        <dt>Assignee</dt>
        <dd>
          {step.assigneeId ? <AgentName state={fleet} id={step.assigneeId} /> : 'nobody yet'}{' '}
          <span className="muted">({describeAssignee(step)})</span>
        </dd>
        <dt>Attempt</dt>
        <dd>
          {attemptLabel(step) ?? 'none yet'}
          {duration ? ` · ${duration}` : ''}
        </dd>
        {step.dependsOn.length > 0 && (
          <>
            <dt>After</dt>
            <dd>{step.dependsOn.join(', ')}</dd>
          </>
        )}
        {step.reason && (
          <>
            <dt>Reason</dt>
            <dd data-testid="step-reason">{step.reason}</dd>
          </>
        )}
        {step.output !== null && (
          <>
            <dt>Output</dt>
            <dd className="message-body" data-testid="step-output">
              {step.output}
            </dd>
          </>
        )}
      </dl>
      <div className="step-actions">
        {assignee && (
          <button type="button" className="secondary" onClick={() => openAgent(assignee.id)}>
            Open {assignee.name} (pane and messages)
          </button>
        )}
        {(step.state === 'failed' || step.state === 'skipped') && !finished && (
          <button type="button" onClick={() => void run(() => onRetry(step.id))}>
            Retry step
          </button>
        )}
      </div>
      {!finished && step.state !== 'completed' && (
        <form
          className="step-reassign"
          onSubmit={(event) => {
            event.preventDefault();
            if (target) void run(() => onReassign(step.id, target));
          }}
        >
          <label className="inline-label">
            Reassign to
            <select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Choose an agent…</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="secondary" disabled={!target}>
            Reassign
          </button>
        </form>
      )}
      <ProblemAlert problem={problem} />
      {step.failures.length > 0 && (
        <>
          <h4>Failed attempts</h4>
          <ol className="step-failures" data-testid="step-failures">
            {step.failures.map((failed) => (
              <li
                key={`${failed.attempt}-${failed.at}`}
                data-testid="step-failure"
                data-failure={failed.failure}
              >
                attempt {failed.attempt} · {failed.failure.replace('_', ' ')} ·{' '}
                <time dateTime={failed.at}>{new Date(failed.at).toLocaleTimeString()}</time>
                <span className="message-body"> {failed.reason}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      <h4>Messages</h4>
      {messages?.error && <p role="alert">{messages.error}</p>}
      {!messages || messages.messages === null ? (
        <p className="muted">Loading…</p>
      ) : messages.messages.length === 0 ? (
        <p className="muted">No messages for this step yet.</p>
      ) : (
        <ol className="message-list">
          {messages.messages.map((message) => (
            <li key={message.id} data-testid="step-message">
              <div className="message-meta">
                <span className={`kind-chip message-kind message-kind-${message.kind}`}>{message.kind}</span>
                <span>
                  <AgentName state={fleet} id={message.senderId} /> →{' '}
                  <AgentName state={fleet} id={message.recipientId} />
                </span>
                <time dateTime={message.createdAt} className="muted">
                  {new Date(message.createdAt).toLocaleTimeString()}
                </time>
              </div>
              <p className="message-body">{shownBody(message.body, MAX_BODY)}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
