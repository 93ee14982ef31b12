import { memo, useContext } from 'react';
import { useStore, type NodeProps } from '@xyflow/react';
import { NEED_LABELS, stateNeedsYou } from '../../graph/needs-you';
import type { AgentNode } from '../../graph/to-flow';
import { formatAge } from '../../health/format-age';
import { useNow } from '../../shell/use-now';
import { AgentStateLabel, stateIcons, stateLabel } from './agent-state-label';
import {
  BroadcastContext,
  ChartUiContext,
  CutTurnsContext,
  useLastLine,
  useQuotaWarning,
} from './chart-contexts';
import { CardAnswers } from './card-answers';
import { CurrentTask } from './current-task';
import { itemText } from '../../approvals/item-words';
import { ItemLine, useItemWords } from '../approvals/item-words-view';
import { READABLE_ZOOM } from './use-chart-viewport';

function Badge({
  count,
  label,
  className,
  why,
}: {
  count: number;
  label: string;
  className: string;
  why?: string | null;
}) {
  if (!count) return null;
  const text = why ? `${count} ${label}: ${why}` : `${count} ${label}`;
  return (
    <span className={`badge ${className}`} title={text} aria-label={text}>
      {count} {label}
    </span>
  );
}

/** Time in the current state, ticking once a second. */
function TimeInState({ since }: { since: string }) {
  const now = useNow();
  return (
    <span className="time-in-state" data-testid="time-in-state">
      {formatAge(now - Date.parse(since))}
    </span>
  );
}

/**
 * An agent on the chart: name, CLI kind, state (colour + icon + words) with time in it, its current task,
 * its last screen line or the item it asks about (answerable here), and its counters. Waiting cards pulse (not under
 * reduced motion). Below a readable zoom it shrinks to a state dot (semantic zoom).
 */
export const AgentCardNode = memo(function AgentCardNode({ id, data, selected }: NodeProps<AgentNode>) {
  const { agent, badges, approval, task } = data;
  const compact = useStore((s) => s.transform[2] < READABLE_ZOOM);
  const { activeId } = useContext(ChartUiContext);
  const lastLine = useLastLine(agent.id);
  const quota = useQuotaWarning(agent.id);
  const broadcastGroup = useContext(BroadcastContext).groupOf.get(agent.id);
  const words = useItemWords(approval);
  // Resumed at its prompt (idle) with its last turn cut off: the person's decision (Continue, in the lane).
  const cutTurn = useContext(CutTurnsContext).has(agent.id);
  const needs = approval !== null || stateNeedsYou(agent.state) || cutTurn;
  const label = `Agent ${agent.name}${agent.host === undefined ? '' : ` on ${agent.host}`}, ${stateLabel(agent.state)}${cutTurn ? `, ${NEED_LABELS.turn}` : ''}${words ? `, asks: ${itemText(words)}` : ''}`;
  const classes = `agent-node state-border-${agent.state}${selected ? ' selected' : ''}${needs ? ' needs-you' : ''}${compact ? ' compact' : ''}`;
  return (
    <article
      className={classes}
      data-testid="agent-card"
      data-agent={agent.name}
      data-roving-id={id}
      tabIndex={activeId === id ? 0 : -1}
      aria-label={label}
      aria-keyshortcuts={approval ? 'Enter Space a d' : 'Enter Space'}
      title={compact ? label : undefined}
    >
      {compact ? (
        <span className={`state-dot state-bg-${agent.state}`} aria-hidden="true">
          {stateIcons[agent.state]}
        </span>
      ) : (
        <>
          <header className="agent-node-head">
            <span className="agent-name" title={agent.name}>
              {agent.name}
            </span>
            <span className="kind-chip">{agent.kind}</span>
            {agent.host !== undefined && (
              <span className="host-chip" data-testid="agent-host" title={`Runs on host ${agent.host}`}>
                @{agent.host}
              </span>
            )}
          </header>
          <div className="agent-state-row">
            <AgentStateLabel state={agent.state} />
            {cutTurn && (
              <span
                className="cut-turn"
                data-testid="cut-turn"
                title="Resumed after a restart: its last turn was cut off"
              >
                · {NEED_LABELS.turn}
              </span>
            )}
            <span aria-hidden="true">·</span>
            <TimeInState since={agent.stateSince} />
            <span className="agent-meta">{agent.role}</span>
          </div>
          <CurrentTask task={task} />
          {words ? (
            <div className="card-ask" data-testid="card-ask" title={itemText(words)}>
              <ItemLine words={words} />
            </div>
          ) : (
            <div className="last-line" data-testid="last-line" title={lastLine ?? undefined}>
              {lastLine ?? ' '}
            </div>
          )}
          <div className="badges">
            {approval && words && <CardAnswers approval={approval} agentName={agent.name} words={words} />}
            <Badge count={badges.unread} label="unread" className="badge-unread" />
            {/* The answers already show the item asked: the chip counts the others (a card has room for one row). */}
            <Badge
              count={approval ? badges.approvals - 1 : badges.approvals}
              label={approval ? 'more pending' : 'pending'}
              className="badge-approvals"
            />
            <Badge
              count={badges.locks}
              label={badges.locks === 1 ? 'lock' : 'locks'}
              className="badge-locks"
            />
            <Badge
              count={badges.paneWaiting}
              label="to type"
              className="badge-pane-waiting"
              why={badges.paneReason}
            />
            {quota && (
              <span
                className={`badge badge-quota quota-${quota.level}`}
                data-testid="quota-warning"
                data-level={quota.level}
                title={`Close to a quota: ${quota.text} (agent detail: Quotas)`}
              >
                {quota.text}
              </span>
            )}
            {broadcastGroup !== undefined && (
              <span
                className="badge badge-broadcast"
                data-testid="broadcast-marker"
                title={`Broadcast group ${broadcastGroup}: typing into one of its panes in the terminal types into all`}
              >
                broadcast {broadcastGroup}
              </span>
            )}
            {badges.humanControl && (
              <span
                className="badge badge-control"
                data-testid="human-control"
                title="You are typing in its pane: agents, messages and recovery wait until you pause"
              >
                you have control
              </span>
            )}
          </div>
        </>
      )}
    </article>
  );
});
