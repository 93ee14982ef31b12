import { useState } from 'react';
import { childTeamsInOrder } from '../../store/team-order';
import { useFleet, useShell } from '../store-context';

/** Actions on the selected agents: move them to a team (the keyboard's way to re-team) or close them. */
export function SelectionBar({ agentIds, onDone }: { agentIds: string[]; onDone(): void }) {
  const fleet = useFleet((s) => s.fleet);
  const moveAgents = useFleet((s) => s.moveAgents);
  const closeAgent = useFleet((s) => s.closeAgent);
  const notify = useFleet((s) => s.notify);
  const openAgent = useShell((s) => s.openAgent);
  const [team, setTeam] = useState('');
  if (agentIds.length === 0) return null;
  const teams = childTeamsInOrder(fleet);

  const move = async () => {
    const target = fleet.teams[team];
    if (!target) return;
    const position = Object.values(fleet.agents).filter((a) => a.teamId === target.id && !agentIds.includes(a.id)).length;
    const outcome = await moveAgents(agentIds, target.id, position);
    if (outcome.ok) onDone();
    else notify({ tone: 'error', title: `Could not move to ${target.name}`, body: outcome.reason, agentId: null });
  };
  const close = async () => {
    for (const id of agentIds) await closeAgent(id);
    onDone();
  };

  return (
    <div className="selection-bar" aria-label="Selected agents">
      <span>{agentIds.length} selected</span>
      {agentIds.length === 1 && (
        <button type="button" className="secondary" onClick={() => openAgent(agentIds[0]!)}>Open details</button>
      )}
      <select aria-label="Move selected agents to team" value={team} onChange={(e) => setTeam(e.target.value)}>
        <option value="">Move to team…</option>
        {teams.map(({ team: t, depth }) => (
          <option key={t.id} value={t.id}>{`${'  '.repeat(depth)}${t.name}`}</option>
        ))}
      </select>
      <button type="button" className="secondary" disabled={!team} onClick={() => void move()}>Move</button>
      <button type="button" className="danger" onClick={() => void close()}>Close {agentIds.length === 1 ? 'agent' : 'agents'}</button>
    </div>
  );
}
