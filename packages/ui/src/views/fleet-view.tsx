import type { Agent } from '@switchboard/protocol';
import { groupByTeam } from '../store/fleet-state';
import { useFleet } from './store-context';

const stateIcons: Record<Agent['state'], string> = {
  starting: '◌', working: '●', waiting_for_input: '?', idle: '○', error: '!', exited: '×', hung: '⧗', lost: '∅', unknown: '·',
};

function AgentCard({ agent }: { agent: Agent }) {
  const closeAgent = useFleet((s) => s.closeAgent);
  return (
    <li className="agent-card" data-testid="agent-card" data-agent={agent.name}>
      <div className="agent-name">{agent.name}</div>
      <div className="agent-meta">
        {agent.kind} · {agent.role}
      </div>
      <div className={`agent-state state-${agent.state}`}>
        <span aria-hidden="true">{stateIcons[agent.state]}</span> {agent.state.replaceAll('_', ' ')}
      </div>
      <button className="link" onClick={() => void closeAgent(agent.id)} aria-label={`Close ${agent.name}`}>
        Close
      </button>
    </li>
  );
}

export function FleetView() {
  const fleet = useFleet((s) => s.fleet);
  const groups = groupByTeam(fleet);
  return (
    <section className="fleet" aria-label="Fleet">
      {groups.map(({ team, depth, agents }) => (
        <div
          key={team?.id ?? 'no-team'}
          className="team"
          data-testid="team"
          style={{ marginInlineStart: `${depth * 1.5}rem`, borderColor: team?.color ?? 'var(--border)' }}
        >
          <h3>
            <span className="swatch" style={{ background: team?.color ?? 'transparent' }} aria-hidden="true" />
            {team?.name ?? 'No team'} <span className="count">{agents.length} agent{agents.length === 1 ? '' : 's'}</span>
          </h3>
          {agents.length ? (
            <ul className="agents">
              {agents.map((agent) => (
                <AgentCard key={agent.id} agent={agent} />
              ))}
            </ul>
          ) : (
            <p className="muted">No agents yet.</p>
          )}
        </div>
      ))}
    </section>
  );
}

export function EmptyState() {
  return (
    <section className="empty panel" data-testid="empty-state">
      <h2>No agents yet</h2>
      <p>
        Switchboard runs each AI coding agent (Claude Code, Codex, Gemini CLI or a plain shell) in its own terminal pane and
        shows the whole fleet here.
      </p>
      <ol>
        <li>Create a team on the right (optional).</li>
        <li>Spawn an agent: give it a name, pick its CLI and team.</li>
        <li>Agents can also join through the MCP endpoint printed when the host started.</li>
      </ol>
    </section>
  );
}
