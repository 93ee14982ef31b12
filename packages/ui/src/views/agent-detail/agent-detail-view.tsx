import { useState } from 'react';
import type { CommandInput } from '@switchboard/protocol';
import { AgentStateLabel } from '../org-chart/agent-state-label';
import { CurrentTask } from '../org-chart/current-task';
import { useAttention, useFleet, useShell } from '../store-context';
import { ContinueTurnAction } from '../attention/continue-turn-action';
import { HeldTaskActions } from '../attention/held-task-actions';
import { AgentLocks } from './agent-locks';
import { AgentMail } from './agent-mail';
import { AgentQuotas } from './agent-quotas';
import { RecoveryLog } from './recovery-log';
import { SendMessageForm } from './send-message-form';
import { TerminalMirror } from './terminal-mirror';
import { TerminalStatusPanel } from './terminal-status-panel';
import { compareNames } from '../../store/name-order';

type PaneKey = CommandInput<'pane.keys'>['keys'][number];

const QUICK_KEYS: { key: PaneKey; label: string }[] = [
  { key: 'ctrl+c', label: 'Ctrl+C' },
  { key: 'escape', label: 'Esc' },
  { key: 'enter', label: 'Enter' },
];

/** One agent up close: its live terminal, messages in and out, locks, recovery log, and a way to its pane. */
export function AgentDetailView() {
  const agentId = useShell((s) => s.detailAgentId);
  const openAgent = useShell((s) => s.openAgent);
  const agents = useFleet((s) => s.fleet.agents);
  const agent = agentId ? agents[agentId] : undefined;
  const sorted = Object.values(agents).sort((a, b) => compareNames(a.name, b.name));

  return (
    <div className="agent-detail">
      <div className="detail-toolbar">
        <label className="inline-label">
          Agent
          <select value={agent?.id ?? ''} onChange={(e) => e.target.value && openAgent(e.target.value)}>
            <option value="">Choose an agent…</option>
            {sorted.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!agent ? (
        <section className="panel">
          <h2>Agent detail</h2>
          <p className="muted">
            {agentId
              ? 'This agent is gone (closed).'
              : sorted.length === 0
                ? 'No agents yet: spawn one on the org chart, or try the demo fleet there.'
                : 'Choose an agent above, or select one on the org chart and press "Open details".'}
          </p>
        </section>
      ) : (
        <AgentDetail key={agent.id} agentId={agent.id} />
      )}
    </div>
  );
}

function AgentDetail({ agentId }: { agentId: string }) {
  const agent = useFleet((s) => s.fleet.agents[agentId])!;
  const task = useFleet((s) => s.fleet.tasks[agentId] ?? null);
  const client = useFleet((s) => s.client);
  const focusPane = useFleet((s) => s.focusPane);
  // Its first task, held because its CLI has not listed Switchboard's tools: said here too, with the answers.
  const heldTask = useAttention((s) =>
    Object.values(s.items).find(
      (i) => i.kind === 'task_held' && i.agentId === agentId && i.status === 'open',
    ),
  );
  // Resumed after its pane ended mid-turn: its state reads idle, but nothing continues that turn.
  const cutTurn = useAttention((s) =>
    Object.values(s.items).find(
      (i) => i.kind === 'turn_interrupted' && i.agentId === agentId && i.status === 'open',
    ),
  );
  const [note, setNote] = useState<string | null>(null);

  const focus = async () => {
    const outcome = await focusPane(agent.id);
    setNote(
      outcome.ok ? `${agent.name}'s pane is in front in iTerm2.` : `Could not focus: ${outcome.reason}`,
    );
  };
  const press = async (key: PaneKey) => {
    try {
      await client.call('pane.keys', { targets: [agent.id], keys: [key] });
      setNote(null);
    } catch (error) {
      setNote(`Could not press ${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <article className="agent-detail-body" aria-labelledby="agent-detail-heading">
      <header className="panel detail-head">
        <div>
          <h2 id="agent-detail-heading">{agent.name}</h2>
          <div className="agent-meta">
            {agent.kind} · role {agent.role}
            {agent.paneId ? '' : ' · no pane'}
          </div>
          <AgentStateLabel state={agent.state} />
          {task && <CurrentTask task={task} className="detail-task" />}
        </div>
        <div className="detail-actions">
          {QUICK_KEYS.map(({ key, label }) => (
            <button
              key={key}
              type="button"
              className="secondary"
              disabled={!agent.paneId}
              onClick={() => void press(key)}
              aria-label={`Press ${label} in the pane`}
            >
              {label}
            </button>
          ))}
          <button type="button" disabled={!agent.paneId} onClick={() => void focus()}>
            Focus in iTerm2
          </button>
        </div>
        {note && (
          <p className="detail-note" role="status">
            {note}
          </p>
        )}
        {heldTask && (
          <p className="detail-note" role="status" data-testid="held-task">
            {heldTask.title} <HeldTaskActions agentId={agentId} />
          </p>
        )}
        {cutTurn && (
          <p className="detail-note" role="status" data-testid="turn-interrupted">
            {cutTurn.title} <ContinueTurnAction agentId={agentId} />
          </p>
        )}
      </header>
      <div className="detail-columns">
        <div className="detail-main">
          {agent.paneId ? (
            <TerminalMirror paneId={agent.paneId} agentName={agent.name} />
          ) : (
            <section className="panel">
              <p className="muted">No open pane: nothing to mirror.</p>
            </section>
          )}
        </div>
        <div className="detail-side">
          {agent.paneId && <TerminalStatusPanel agentId={agent.id} />}
          <SendMessageForm agentId={agent.id} agentName={agent.name} />
          <AgentMail agentId={agent.id} />
          <AgentLocks agentId={agent.id} />
          <AgentQuotas agentId={agent.id} />
          <RecoveryLog agentId={agent.id} />
        </div>
      </div>
    </article>
  );
}
