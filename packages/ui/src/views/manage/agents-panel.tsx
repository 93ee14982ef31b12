import { useState } from 'react';
import type { Agent } from '@switchboard/protocol';
import { endedAgents, lostAgents, restoreProgress } from '../../manage/fleet-admin';
import { useCommand } from '../spawn/use-command';
import { useFleet } from '../store-context';
import { ConfirmButton } from './confirm-button';
import { compareNames } from '../../store/name-order';
import { ProblemAlert } from '../problem-alert';

/** Restarting agents in a fresh pane at the same place, one at a time or every `lost` one at once. */
export function AgentsPanel() {
  const fleet = useFleet((s) => s.fleet);
  const command = useCommand();
  const [resume, setResume] = useState(true);
  const [filter, setFilter] = useState('');
  const [restored, setRestored] = useState<string[]>([]);
  const [notRestored, setNotRestored] = useState<string[]>([]);
  /** The agents a running "restore all lost" started with; their leaving `lost` (agent.updated) is its progress. */
  const [restoring, setRestoring] = useState<string[] | null>(null);
  const lost = lostAgents(fleet);
  // Agents whose program ended are left by a restore unless the person ticks them in.
  const ended = endedAgents(fleet);
  const [includeEnded, setIncludeEnded] = useState(false);
  const chosen = includeEnded ? [...lost, ...ended] : lost;
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const teamName = (agent: Agent) => (agent.teamId ? (fleet.teams[agent.teamId]?.name ?? '') : 'no team');
  const agents = Object.values(fleet.agents)
    .filter((a) =>
      words.every((w) => `${a.name} ${a.kind} ${a.role} ${a.state} ${teamName(a)}`.toLowerCase().includes(w)),
    )
    .sort((a, b) => compareNames(a.name, b.name));

  // One command for the whole fleet (fleet.restore, as `switchboard restore`): the host goes on past a failure.
  const restoreAll = async () => {
    setRestoring(chosen.map((agent) => agent.id));
    setRestored([]);
    setNotRestored([]);
    const result = await command.run((c) =>
      c.call('fleet.restore', { resume, includeExited: includeEnded && ended.length > 0 }),
    );
    setRestoring(null);
    if (!result) return;
    setRestored(result.restored.map((agent) => agent.name));
    setNotRestored(result.failed.map((f) => `${f.name}: ${f.message}`));
  };

  return (
    <section className="panel manage-panel" aria-labelledby="restart-title">
      <h2 id="restart-title">Restart agents</h2>
      <p className="muted">
        A restart starts the agent again in a fresh pane at the same place, with a new token. A <em>lost</em>{' '}
        agent (its pane vanished with its program running, e.g. the terminal quit) is respawned. An{' '}
        <em>exited</em> one (its program ended: finished or crashed) stays as it is unless you restart it or
        include it below.
      </p>
      <div className="manage-form inline">
        <label className="checkbox">
          <input type="checkbox" checked={resume} onChange={(e) => setResume(e.target.checked)} />
          Resume the agent’s own conversation (Claude Code)
        </label>
      </div>
      <div className="lost-bar" data-testid="lost-bar">
        {restoring ? (
          <RestoreProgress {...restoreProgress(fleet, restoring)} />
        ) : (
          <>
            {lost.length === 0 ? (
              <span className="muted">No lost agents.</span>
            ) : (
              <span>
                <strong>{lost.length}</strong> lost: {lost.map((a) => a.name).join(', ')}
              </span>
            )}
            {ended.length > 0 && (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={includeEnded}
                  onChange={(e) => setIncludeEnded(e.target.checked)}
                />
                Also the {ended.length} whose program ended: {ended.map((a) => a.name).join(', ')}
              </label>
            )}
            {chosen.length > 0 && (
              <button type="button" disabled={command.busy} onClick={() => void restoreAll()}>
                {includeEnded && ended.length > 0
                  ? `Restore lost and ended (${chosen.length})`
                  : `Restore all lost (${lost.length})`}
              </button>
            )}
          </>
        )}
        {restored.length > 0 && (
          <span className="form-done" role="status">
            Restored {restored.join(', ')}
          </span>
        )}
        {notRestored.length > 0 && (
          <span className="form-problem" role="alert">
            Not restored: {notRestored.join('; ')}
          </span>
        )}
      </div>
      <ProblemAlert problem={command.problem} />
      <label>
        Filter
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="name, team, state…"
        />
      </label>
      <ul className="manage-list" aria-label="Agents">
        {agents.map((agent) => (
          <RestartRow
            key={agent.id}
            agent={agent}
            team={teamName(agent)}
            resume={resume}
            restoring={command.busy}
          />
        ))}
      </ul>
    </section>
  );
}

/**
 * One agent's row: its restart is its own (busy and refusal shown here), so several agents restart side by side
 * while a "restore all lost" (`restoring`) holds every row.
 */
function RestartRow({
  agent,
  team,
  resume,
  restoring,
}: {
  agent: Agent;
  team: string;
  resume: boolean;
  restoring: boolean;
}) {
  const command = useCommand();
  // No pane left (lost, or exited after its pane closed): a new one is opened, nothing is replaced.
  const paneless = agent.paneId === null;
  return (
    <li className="manage-row" data-testid="restart-row" data-agent={agent.name} aria-busy={command.busy}>
      <span className="row-title">
        <strong>{agent.name}</strong>{' '}
        <span className="muted">
          {agent.kind} · {team} ·{' '}
        </span>
        <span className={`state-word state-${agent.state}`}>{agent.state.replaceAll('_', ' ')}</span>
      </span>
      <span className="row-actions">
        {command.busy && (
          <span className="muted" role="status">
            {paneless ? 'Respawning…' : 'Restarting…'}
          </span>
        )}
        <ConfirmButton
          label={paneless ? `Respawn ${agent.name}…` : `Restart ${agent.name}…`}
          question={
            paneless ? `Respawn ${agent.name} in a new pane?` : `Restart ${agent.name}? Its pane is replaced.`
          }
          yes={paneless ? 'Yes, respawn' : 'Yes, restart'}
          disabled={command.busy || restoring}
          onConfirm={() => command.run((c) => c.call('agent.restart', { agent: agent.id, resume }))}
        />
      </span>
      <ProblemAlert problem={command.problem} />
    </li>
  );
}

/** A running "restore all lost": how many of the agents it started with run in a pane again. */
function RestoreProgress({ done, total }: { done: number; total: number }) {
  return (
    <span className="restore-progress" role="status" data-testid="restore-progress">
      <progress value={done} max={total} aria-label="Agents restored" />
      Restoring: {done} of {total} back in a pane…
    </span>
  );
}
