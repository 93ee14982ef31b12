import { useEffect, useState } from 'react';
import { childTeamsInOrder } from '../../store/team-order';
import { useFleet, useShell } from '../store-context';
import { BroadcastToggle } from './broadcast-toggle';
import { useMoveAgents } from './use-move-agents';

/** The select's value for "leave all teams". */
const NO_TEAM = '__no-team__';

/**
 * Actions on the selected agents: move them to a team or to no team (the keyboard's way to re-team; the
 * target resets after each move, so a second click never moves another agent to a stale target; the undo
 * bar offers to move them back) or close them (after a confirmation: closing ends the pane).
 */
export function SelectionBar({
  agentIds,
  onDone,
  askClose,
}: {
  agentIds: string[];
  onDone(): void;
  askClose?: number;
}) {
  const fleet = useFleet((s) => s.fleet);
  const moveAgents = useMoveAgents();
  const closeAgent = useFleet((s) => s.closeAgent);
  const notify = useFleet((s) => s.notify);
  const openAgent = useShell((s) => s.openAgent);
  const [team, setTeam] = useState('');
  const [confirming, setConfirming] = useState(false);
  // The palette's "Close NAME…": the same confirmation as the button.
  useEffect(() => {
    if (askClose) setConfirming(true);
  }, [askClose]);
  if (agentIds.length === 0) return null;
  const teams = childTeamsInOrder(fleet);

  const move = async () => {
    const target = team === NO_TEAM ? null : fleet.teams[team];
    if (target === undefined) return;
    setTeam('');
    const teamId = target?.id ?? null;
    const position = Object.values(fleet.agents).filter(
      (a) => a.teamId === teamId && !agentIds.includes(a.id),
    ).length;
    const outcome = await moveAgents(agentIds, teamId, position);
    if (outcome.ok) onDone();
    else
      notify({
        tone: 'error',
        title: `Could not move to ${target?.name ?? 'no team'}`,
        body: outcome.reason,
        agentId: null,
      });
  };
  const close = async () => {
    setConfirming(false);
    for (const id of agentIds) await closeAgent(id);
    onDone();
  };
  const what =
    agentIds.length === 1 ? (fleet.agents[agentIds[0]!]?.name ?? 'the agent') : `${agentIds.length} agents`;

  return (
    <div className="selection-bar" aria-label="Selected agents">
      <span>{agentIds.length} selected</span>
      {agentIds.length === 1 && (
        <button type="button" className="secondary" onClick={() => openAgent(agentIds[0]!)}>
          Open details
        </button>
      )}
      <select
        aria-label="Move selected agents to team"
        value={team}
        onChange={(e) => setTeam(e.target.value)}
      >
        <option value="">Move to team…</option>
        <option value={NO_TEAM}>No team (leave all teams)</option>
        {teams.map(({ team: t, depth }) => (
          <option key={t.id} value={t.id}>{`${'  '.repeat(depth)}${t.name}`}</option>
        ))}
      </select>
      <button type="button" className="secondary" disabled={!team} onClick={() => void move()}>
        Move
      </button>
      {agentIds.length > 1 && (
        <BroadcastToggle
          target={{ agents: agentIds }}
          agentIds={agentIds}
          name={`${agentIds.length} agents`}
        />
      )}
      {confirming ? (
        <span role="group" aria-label="Confirm closing" className="confirm-close">
          Close {what}? {agentIds.length === 1 ? 'Its pane ends.' : 'Their panes end.'}
          <button type="button" className="danger" autoFocus onClick={() => void close()}>
            Yes, close
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Close {agentIds.length === 1 ? 'agent' : 'agents'}…
        </button>
      )}
    </div>
  );
}
