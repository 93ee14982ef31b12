import type { Approval, ApprovalVerdict } from '@switchboard/protocol';
import { decisionFacts, expiresIn, formatCountdown, summaryOf } from '../../approvals/approval-selectors';
import type { FleetState } from '../../store/fleet-state';
import { callerName } from '../../store/selectors';

export interface ApprovalItemProps {
  approval: Approval;
  state: FleetState;
  now: number;
  current: boolean;
  checked: boolean;
  comment: string;
  busy: boolean;
  onFocus(): void;
  onToggle(): void;
  onComment(text: string): void;
  onDecide(verdict: ApprovalVerdict): void;
}

/** One pending item: what is asked, by whom, what is needed to decide, its countdown and its buttons. */
export function ApprovalItem({ approval, state, now, current, checked, comment, busy, onFocus, onToggle, onComment, onDecide }: ApprovalItemProps) {
  const left = expiresIn(approval, now);
  const urgent = left !== null && left < 60_000;
  return (
    <li
      id={`approval-${approval.id}`}
      className={`queue-item${current ? ' current' : ''}`}
      aria-current={current ? 'true' : undefined}
      data-testid="approval-item"
      data-kind={approval.kind}
      onFocusCapture={onFocus}
      onClick={onFocus}
    >
      <div className="queue-item-head">
        <input type="checkbox" checked={checked} onChange={onToggle} aria-label={`Select: ${summaryOf(state, approval)}`} />
        <span className={`kind-chip kind-${approval.kind}`}>{approval.kind.replace('_', ' ')}</span>
        <strong className="queue-summary">{summaryOf(state, approval)}</strong>
        <span className={`countdown${urgent ? ' urgent' : ''}`} title={approval.expiresAt ?? undefined}>
          <span className="visually-hidden">expires in </span>
          {formatCountdown(left)}
        </span>
      </div>
      <div className="muted">
        asked by <strong>{callerName(state, approval.requester)}</strong> · {new Date(approval.createdAt).toLocaleTimeString()}
      </div>
      <dl className="facts">
        {decisionFacts(state, approval).map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.code ? <code>{fact.value}</code> : fact.value}</dd>
          </div>
        ))}
      </dl>
      <div className="queue-item-actions">
        <textarea
          id={`comment-${approval.id}`}
          rows={1}
          placeholder="Comment (optional)"
          aria-label={`Comment on: ${summaryOf(state, approval)}`}
          value={comment}
          onChange={(e) => onComment(e.target.value)}
        />
        <button type="button" disabled={busy} onClick={() => onDecide('approve')}>Approve</button>
        <button type="button" className="danger" disabled={busy} onClick={() => onDecide('deny')}>Deny</button>
      </div>
    </li>
  );
}
