import type { Approval } from '@switchboard/protocol';
import { expiresIn, formatCountdown } from '../../approvals/approval-selectors';
import { itemText, itemWords } from '../../approvals/item-words';
import { RISK_LABELS, riskFlags } from '../../approvals/triage';
import type { FleetState } from '../../store/fleet-state';
import { AgentName } from '../agent-name';
import { ItemLine } from './item-words-view';

export interface ApprovalRowProps {
  approval: Approval;
  state: FleetState;
  now: number;
  current: boolean;
  checked: boolean;
  onSelect(): void;
  onToggle(): void;
}

/** One pending item on one line: select box, kind, risks, summary, who asks, countdown. Details are in the side pane. */
export function ApprovalRow({
  approval,
  state,
  now,
  current,
  checked,
  onSelect,
  onToggle,
}: ApprovalRowProps) {
  const left = expiresIn(approval, now);
  const urgent = left !== null && left < 60_000;
  const words = itemWords(state, approval);
  const summary = itemText(words);
  return (
    <li
      id={`approval-${approval.id}`}
      className={`queue-row${current ? ' current' : ''}`}
      aria-current={current ? 'true' : undefined}
      data-testid="approval-item"
      data-kind={approval.kind}
      onClick={onSelect}
    >
      <input
        type="checkbox"
        checked={checked}
        onChange={onToggle}
        onClick={(e) => e.stopPropagation()}
        aria-label={`Select: ${summary}`}
        tabIndex={-1}
      />
      <span className={`kind-chip kind-${approval.kind}`}>{approval.kind.replace('_', ' ')}</span>
      {riskFlags(approval).map((flag) => (
        <span key={flag} className={`risk-chip risk-${flag}`} data-testid="risk-flag">
          {RISK_LABELS[flag]}
        </span>
      ))}
      <span className="queue-summary">
        <ItemLine words={words} />
      </span>
      <span className="muted queue-requester">
        <AgentName state={state} id={approval.requester} recorded={approval.requesterName} />
      </span>
      <span className={`countdown${urgent ? ' urgent' : ''}`} title={approval.expiresAt ?? undefined}>
        <span className="visually-hidden">expires in </span>
        {formatCountdown(left)}
      </span>
    </li>
  );
}
