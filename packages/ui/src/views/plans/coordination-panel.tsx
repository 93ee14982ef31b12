import type { Client, CommandOutput, SwitchboardEvent } from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';

interface Coordination {
  barriers: CommandOutput<'barrier.list'>['barriers'];
  votes: CommandOutput<'vote.list'>['votes'];
  groups: CommandOutput<'leader.list'>['groups'];
}

/** How many of each kind the panel lists (newest first). */
const SHOWN = 8;

async function loadCoordination(client: Client): Promise<Coordination> {
  const [{ barriers }, { votes }, { groups }] = await Promise.all([
    client.call('barrier.list', {}),
    client.call('vote.list', {}),
    client.call('leader.list', {}),
  ]);
  return { barriers: barriers.slice(0, SHOWN), votes: votes.slice(0, SHOWN), groups };
}

const touchesCoordination = (event: SwitchboardEvent) =>
  event.type.startsWith('barrier.') || event.type.startsWith('vote.') || event.type.startsWith('leader.');

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : null);

/** Barriers (arrived of needed), votes (ballots, result) and leader groups (leader, term, lease), live. */
export function CoordinationPanel({ nameOf }: { nameOf(id: string): string }) {
  const { data, problem } = useLiveQuery('coordination', loadCoordination, touchesCoordination);
  const empty = data && data.barriers.length + data.votes.length + data.groups.length === 0;
  return (
    <section
      className="panel coordination-panel"
      aria-labelledby="coordination-title"
      data-testid="coordination-panel"
    >
      <h3 id="coordination-title">Barriers, votes, leaders</h3>
      {problem && <p role="alert">{problem}</p>}
      {data === null ? (
        <p className="muted">Loading…</p>
      ) : empty ? (
        <p className="muted">None yet (barrier_create, vote_propose, leader_campaign).</p>
      ) : (
        <ul className="coordination-list">
          {data.barriers.map((b) => (
            <li key={b.id} data-testid="barrier" data-name={b.name} data-state={b.state}>
              <span className="badge">barrier</span> <strong>{b.name}</strong> {b.arrived.length} of{' '}
              {b.needed} arrived
              <span className="muted">
                {' '}
                · {b.state.replace('_', ' ')}
                {b.state === 'open' && b.deadline ? ` until ${time(b.deadline)}` : ''}
              </span>
            </li>
          ))}
          {data.votes.map((v) => (
            <li key={v.id} data-testid="vote" data-state={v.state}>
              <span className="badge">vote</span> <strong>{v.question}</strong> {v.ballots.length} of{' '}
              {v.voters.length} voted
              <span className="muted">
                {' · '}
                {v.result
                  ? v.result.outcome === 'decided'
                    ? `decided: ${v.result.winner}`
                    : v.result.outcome.replace('_', ' ')
                  : `open until ${time(v.deadline)}`}
              </span>
            </li>
          ))}
          {data.groups.map((g) => (
            <li
              key={g.group}
              data-testid="leader-group"
              data-group={g.group}
              data-leader={g.leaderId ? nameOf(g.leaderId) : ''}
            >
              <span className="badge">leader</span> <strong>{g.group}</strong>{' '}
              {g.leaderId ? nameOf(g.leaderId) : 'no leader'}
              <span className="muted">
                {' · '}term {g.term}
                {g.expiresAt ? ` · lease until ${time(g.expiresAt)}` : ''}
                {g.candidates.length ? ` · ${g.candidates.length} waiting` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
