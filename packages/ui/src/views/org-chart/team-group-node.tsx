import { memo, useContext, useState, type FormEvent } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { TeamNode } from '../../graph/to-flow';
import { useFleet } from '../store-context';
import { DropTargetContext } from './drop-target-context';

/** A team as a group on the chart: header with colour, name, count and rename; its agents sit inside. */
export const TeamGroupNode = memo(function TeamGroupNode({ id, data }: NodeProps<TeamNode>) {
  const { team, agentCount } = data;
  const dropTarget = useContext(DropTargetContext) === id;
  const renameTeam = useFleet((s) => s.renameTeam);
  const notify = useFleet((s) => s.notify);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!team) return;
    const outcome = await renameTeam(team.id, name.trim());
    if (outcome.ok) setEditing(false);
    else notify({ tone: 'error', title: `Could not rename ${team.name}`, body: outcome.reason, agentId: null });
  };

  return (
    <section
      className={`team-node${dropTarget ? ' drop-target' : ''}${team ? '' : ' team-node-loose'}`}
      style={{ borderColor: team?.color }}
      data-testid="team"
      data-team={team?.name ?? ''}
      aria-label={team ? `Team ${team.name}` : 'Agents without a team'}
    >
      <header className="team-node-head">
        <span className="swatch" style={{ background: team?.color ?? 'transparent' }} aria-hidden="true" />
        {editing && team ? (
          <form onSubmit={submit} className="rename-form nodrag">
            <input aria-label={`New name for ${team.name}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} />
            <button type="submit" disabled={!name.trim()}>Save</button>
          </form>
        ) : (
          <h3 className="team-name">{team?.name ?? 'No team'}</h3>
        )}
        <span className="count">{agentCount} agent{agentCount === 1 ? '' : 's'}</span>
        {team && !editing && (
          <button
            className="link nodrag"
            onClick={() => {
              setName(team.name);
              setEditing(true);
            }}
            aria-label={`Rename team ${team.name}`}
          >
            Rename
          </button>
        )}
      </header>
    </section>
  );
});
