import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { AgentNode } from '../../graph/to-flow';
import { AgentStateLabel } from './agent-state-label';

function Badge({ count, label, className, why }: { count: number; label: string; className: string; why?: string | null }) {
  if (!count) return null;
  const text = why ? `${count} ${label}: ${why}` : `${count} ${label}`;
  return (
    <span className={`badge ${className}`} title={text} aria-label={text}>
      {count} {label}
    </span>
  );
}

/** An agent on the chart: name, CLI kind, role, state (colour + icon + words) and its counters. */
export const AgentCardNode = memo(function AgentCardNode({ data, selected }: NodeProps<AgentNode>) {
  const { agent, badges } = data;
  return (
    <article
      className={`agent-node state-border-${agent.state}${selected ? ' selected' : ''}`}
      data-testid="agent-card"
      data-agent={agent.name}
      aria-label={`Agent ${agent.name}`}
    >
      <header className="agent-node-head">
        <span className="agent-name">{agent.name}</span>
        <span className="kind-chip">{agent.kind}</span>
      </header>
      <div className="agent-meta">role: {agent.role}</div>
      <AgentStateLabel state={agent.state} />
      <div className="badges">
        <Badge count={badges.unread} label="unread" className="badge-unread" />
        <Badge count={badges.approvals} label="pending" className="badge-approvals" />
        <Badge count={badges.locks} label={badges.locks === 1 ? 'lock' : 'locks'} className="badge-locks" />
        <Badge count={badges.paneWaiting} label="to type" className="badge-pane-waiting" why={badges.paneReason} />
        {badges.humanControl && (
          <span className="badge badge-control" data-testid="human-control" title="You are typing in its pane: agents, messages and recovery wait until you pause">
            you have control
          </span>
        )}
      </div>
    </article>
  );
});
