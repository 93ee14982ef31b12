import { bidiShown, type Approval, type SwitchboardEvent } from '@switchboard/protocol';
import {
  decisionFacts,
  expiresIn,
  formatCountdown,
  summaryOf,
  requesterName,
} from '../../approvals/approval-selectors';
import { RISK_LABELS, choiceButtons, riskFlags, type ChoiceButton } from '../../approvals/triage';
import type { FleetState } from '../../store/fleet-state';
import { AgentName } from '../agent-name';
import { TraceId } from '../agent-detail/trace-id';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { drawableGlyphs } from '../../shell/drawable-glyphs';

export interface ApprovalDetailProps {
  approval: Approval;
  state: FleetState;
  now: number;
  comment: string;
  commentOpen: boolean;
  onComment(text: string): void;
  onCommentOpen(open: boolean): void;
  onDecide(button: ChoiceButton): void;
  onAlwaysAllow(): void;
}

const TERMINAL_LINES = 12;

/** The current item in full: what is asked, the risks, the agent's last terminal lines, every answer as a button (1, 2, 3 …). */
export function ApprovalDetail({
  approval,
  state,
  now,
  comment,
  commentOpen,
  onComment,
  onCommentOpen,
  onDecide,
  onAlwaysAllow,
}: ApprovalDetailProps) {
  const summary = summaryOf(state, approval);
  const requester = state.agents[approval.requester];
  const diff = typeof approval.payload['diff'] === 'string' ? bidiShown(approval.payload['diff']) : null;
  const flags = riskFlags(approval);
  return (
    <section className="panel queue-detail" aria-labelledby="detail-title" data-testid="approval-detail">
      <h3 id="detail-title">
        <span className={`kind-chip kind-${approval.kind}`}>{approval.kind.replace('_', ' ')}</span> {summary}
      </h3>
      <p className="muted">
        asked by{' '}
        <strong>
          <AgentName state={state} id={approval.requester} recorded={approval.requesterName} />
        </strong>{' '}
        · {new Date(approval.createdAt).toLocaleTimeString()} · expires in{' '}
        {formatCountdown(expiresIn(approval, now))}
        {approval.traceId && (
          <>
            {' · '}
            <TraceId traceId={approval.traceId} />
          </>
        )}
      </p>
      {flags.length > 0 && (
        <p className="risk-line" data-testid="detail-risks">
          Check before approving:{' '}
          {flags.map((flag) => (
            <span key={flag} className={`risk-chip risk-${flag}`}>
              {RISK_LABELS[flag]}
            </span>
          ))}
        </p>
      )}
      <dl className="facts">
        {decisionFacts(state, approval).map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.code ? <code>{fact.value}</code> : fact.value}</dd>
          </div>
        ))}
      </dl>
      {diff && (
        <pre className="detail-diff" role="region" aria-label="Diff" tabIndex={0}>
          {diff}
        </pre>
      )}
      {requester && <TerminalTail agentId={requester.id} name={requester.name} />}
      <div className="choice-buttons" role="group" aria-label="Answers">
        {choiceButtons(approval).map((button) => (
          <button
            key={button.key}
            type="button"
            className={button.verdict === 'deny' ? 'danger' : undefined}
            aria-keyshortcuts={button.key}
            onClick={() => onDecide(button)}
          >
            <kbd>{button.key}</kbd> {button.label}
          </button>
        ))}
      </div>
      {commentOpen ? (
        <textarea
          id={`comment-${approval.id}`}
          rows={2}
          autoFocus
          placeholder="Comment (optional, sent with the decision)"
          aria-label={`Comment on: ${summary}`}
          value={comment}
          onChange={(e) => onComment(e.target.value)}
        />
      ) : (
        <button type="button" className="link" onClick={() => onCommentOpen(true)} aria-keyshortcuts="c">
          {comment ? `Comment: ${comment}` : 'Add a comment (c)'}
        </button>
      )}
      <button
        type="button"
        className="secondary always-allow"
        onClick={onAlwaysAllow}
        title="Adds an approval policy; remove it under Policies"
      >
        Always allow this for {requesterName(state, approval)}
      </button>
    </section>
  );
}

/** The requester's last lines on screen, re-read when its state or a prompt changes. */
function TerminalTail({ agentId, name }: { agentId: string; name: string }) {
  const touches = (event: SwitchboardEvent) => 'agentId' in event && event.agentId === agentId;
  const { data, problem } = useLiveQuery(
    agentId,
    (client) => client.call('pane.read', { targets: [agentId], lines: TERMINAL_LINES }),
    touches,
  );
  const lines = data?.screens[0]?.lines ?? [];
  return (
    <figure className="terminal-tail">
      <figcaption className="muted">Last lines of {name}'s terminal</figcaption>
      <pre
        data-testid="terminal-tail"
        role="region"
        tabIndex={0}
        aria-label={`Last lines of ${name}'s terminal`}
      >
        {problem
          ? `(could not read the pane: ${problem})`
          : data === null
            ? 'reading…'
            : drawableGlyphs(lines.join('\n').trimEnd()) || '(blank screen)'}
      </pre>
    </figure>
  );
}
