import { memo, useContext, useRef, useState, type FormEvent } from 'react';
import { useStore, type NodeProps } from '@xyflow/react';
import type { TeamNode } from '../../graph/to-flow';
import { totalsText } from '../../graph/team-totals';
import { hostOfGroup, isHostGroup } from '../../graph/host-groups';
import { teamPaneAgents } from '../../broadcast/broadcast-groups';
import { useFleet } from '../store-context';
import { BroadcastToggle } from './broadcast-toggle';
import { ChartUiContext } from './chart-contexts';
import { DropTargetContext } from './drop-target-context';
import { compactHeadScale } from '../../graph/compact-room';

/** The team's count as its header reads: "3 agents", or under a filter "1 of 3 match". */
function countText({
  agentCount,
  total,
  filtered,
}: {
  agentCount: number;
  total: number;
  filtered: boolean;
}): string {
  if (filtered) return `${agentCount} of ${total} match`;
  return `${total} agent${total === 1 ? '' : 's'}`;
}

/**
 * A team as a group on the chart: header with colour, name, count, collapse and rename; its agents sit
 * inside. Collapsed, or laid out compact (below a readable zoom), it reads its totals ("3 working · 1
 * waiting"); compact, header and totals keep a readable size on screen inside the room the compact layout
 * reserved for them (never over a card).
 */
export const TeamGroupNode = memo(function TeamGroupNode({ id, data }: NodeProps<TeamNode>) {
  const { team, totals, collapsed, headerRoom } = data;
  const compact = headerRoom !== null;
  const dropTarget = useContext(DropTargetContext) === id;
  const { activeId, toggleCollapsed } = useContext(ChartUiContext);
  const headScale = useStore((s) => (headerRoom === null ? 1 : compactHeadScale(s.transform[2], headerRoom)));
  const renameTeam = useFleet((s) => s.renameTeam);
  const paneAgents = useFleet((s) => (team ? teamPaneAgents(s.fleet, team.id) : ''));
  const notify = useFleet((s) => s.notify);
  const [editing, setEditing] = useState(false);
  const head = useRef<HTMLElement>(null);
  // The rename closed (saved, or Escape): the keyboard goes back to the team's header, not the page's body.
  const stopEditing = () => {
    setEditing(false);
    head.current?.focus();
  };
  const [name, setName] = useState('');
  const teamName = team?.name ?? 'No team';
  const summary = totalsText(totals);
  // Grouped by host: a machine's group, or a team's agents on one machine — a view, not a team to rename.
  const view = isHostGroup(team?.id);
  const machine = team ? hostOfGroup(team) : null;
  const what = machine === null ? `Team ${teamName}` : machine === undefined ? teamName : `Host ${machine}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!team) return;
    const outcome = await renameTeam(team.id, name.trim());
    if (outcome.ok) stopEditing();
    else
      notify({ tone: 'error', title: `Could not rename ${team.name}`, body: outcome.reason, agentId: null });
  };
  const startRename = () => {
    if (!team || view) return;
    setName(team.name);
    setEditing(true);
  };

  return (
    <section
      className={`team-node${dropTarget ? ' drop-target' : ''}${team ? '' : ' team-node-loose'}${compact ? ' compact' : ''}`}
      style={{
        borderColor: team?.color,
        ['--head-scale' as string]: String(headScale),
      }}
      data-testid="team"
      data-team={team?.name ?? ''}
      data-host-group={machine === null ? undefined : (machine ?? 'local')}
      aria-label={team ? what : 'Agents without a team'}
    >
      <header
        ref={head}
        className="team-node-head"
        data-roving-id={id}
        data-collapsible={team ? 'true' : undefined}
        tabIndex={activeId === id ? 0 : -1}
        aria-label={`${what}: ${summary}${collapsed ? ', collapsed' : ''}`}
        aria-keyshortcuts={team ? (view ? 'Enter Space' : 'Enter Space F2') : undefined}
        onKeyDown={(event) => {
          if (event.key === 'F2' && !editing) {
            event.preventDefault();
            startRename();
          }
        }}
      >
        <span className="swatch" style={{ background: team?.color ?? 'transparent' }} aria-hidden="true" />
        {team && (
          <button
            type="button"
            tabIndex={-1}
            className="link nodrag collapse-toggle"
            aria-expanded={!collapsed}
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${machine === null ? `team ${team.name}` : what}`}
            onClick={() => toggleCollapsed(team.id)}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        )}
        {editing && team ? (
          <form onSubmit={submit} className="rename-form nodrag">
            <input
              aria-label={`New name for ${team.name}`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus
              onKeyDown={(e) => e.key === 'Escape' && stopEditing()}
            />
            <button type="submit" disabled={!name.trim()}>
              Save
            </button>
          </form>
        ) : (
          <h3 className="team-name" title={teamName}>
            {teamName}
          </h3>
        )}
        <span className="count">{countText(data)}</span>
        {team && !view && !editing && paneAgents.includes(' ') && (
          <BroadcastToggle
            target={{ team: team.id }}
            agentIds={paneAgents.split(' ')}
            name={`team ${team.name}`}
            className="link"
            tabIndex={-1}
          />
        )}
        {team && !view && !editing && (
          <button
            type="button"
            tabIndex={-1}
            className="link nodrag rename"
            onClick={startRename}
            aria-label={`Rename team ${team.name}`}
          >
            Rename
          </button>
        )}
      </header>
      {(collapsed || compact) && (
        <p className="team-totals" data-testid="team-totals">
          {summary}
        </p>
      )}
    </section>
  );
});
