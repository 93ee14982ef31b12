import { useState, type FormEvent } from 'react';
import type { Team } from '@switchboard/protocol';
import { deleteBlocker, parentChoices, siblingsOf } from '../../manage/fleet-admin';
import { childTeamsInOrder } from '../../store/team-order';
import { useCommand } from '../spawn/use-command';
import { useFleet } from '../store-context';
import { ConfirmButton } from './confirm-button';
import { ManagePanel, NewNameForm } from './manage-panel';
import { clearIfUnchanged } from '../clear-if-unchanged';

const TOP = '__top__';

/** Teams and sub-teams: create (optionally inside a team), rename, re-parent, reorder, delete (asks first). */
export function TeamsPanel() {
  const fleet = useFleet((s) => s.fleet);
  const command = useCommand();
  const [name, setName] = useState('');
  const [parent, setParent] = useState(TOP);
  const teams = childTeamsInOrder(fleet);

  const create = async () => {
    const submitted = name;
    const created = await command.run((c) =>
      c.call('team.create', { name: submitted.trim(), ...(parent === TOP ? {} : { parent }) }),
    );
    if (created) clearIfUnchanged(setName, submitted);
  };
  const newTeam = (
    <NewNameForm
      label="New team"
      placeholder="backend"
      value={name}
      onChange={setName}
      submitLabel={parent === TOP ? 'Create team' : 'Create sub-team'}
      busy={command.busy}
      onSubmit={() => void create()}
    >
      <label>
        Inside
        <select value={parent} onChange={(e) => setParent(e.target.value)}>
          <option value={TOP}>Top level</option>
          {teams.map(({ team, depth }) => (
            <option key={team.id} value={team.id}>{`${'  '.repeat(depth)}${team.name}`}</option>
          ))}
        </select>
      </label>
    </NewNameForm>
  );

  return (
    <ManagePanel id="teams-title" title="Teams" intro={newTeam} problem={command.problem}>
      {teams.length === 0 ? (
        <p className="muted">No teams yet.</p>
      ) : (
        <ul className="manage-list" aria-label="Teams">
          {teams.map(({ team, depth }) => (
            <TeamRow key={team.id} team={team} depth={depth} run={command.run} />
          ))}
        </ul>
      )}
    </ManagePanel>
  );
}

function TeamRow({
  team,
  depth,
  run,
}: {
  team: Team;
  depth: number;
  run: ReturnType<typeof useCommand>['run'];
}) {
  const fleet = useFleet((s) => s.fleet);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(team.name);
  const siblings = siblingsOf(fleet, team);
  const index = siblings.findIndex((t) => t.id === team.id);
  const agents = Object.values(fleet.agents).filter((a) => a.teamId === team.id).length;
  const blocker = deleteBlocker(fleet, team.id);

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (await run((c) => c.call('team.rename', { team: team.id, name: name.trim() }))) setRenaming(false);
  };
  const reparent = (value: string) =>
    void run((c) => c.call('team.move', { team: team.id, parent: value === TOP ? null : value }));
  const shift = (by: number) => void run((c) => c.call('team.move', { team: team.id, position: index + by }));

  return (
    <li
      className="manage-row"
      data-testid="team-row"
      data-team={team.name}
      style={{ paddingLeft: `${depth * 1.25 + 0.5}rem` }}
    >
      <span className="team-swatch" style={{ background: team.color }} aria-hidden="true" />
      {renaming ? (
        <form className="manage-form inline" onSubmit={rename} aria-label={`Rename ${team.name}`}>
          <input
            aria-label={`New name for ${team.name}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
            required
          />
          <button type="submit" disabled={!name.trim() || name.trim() === team.name}>
            Save
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setRenaming(false);
              setName(team.name);
            }}
          >
            Cancel
          </button>
        </form>
      ) : (
        <span className="row-title">
          <strong>{team.name}</strong>{' '}
          <span className="muted">
            {agents} agent{agents === 1 ? '' : 's'}
          </span>
        </span>
      )}
      <span className="row-actions">
        {!renaming && (
          <button
            type="button"
            className="secondary"
            onClick={() => setRenaming(true)}
            aria-label={`Rename ${team.name}`}
          >
            Rename
          </button>
        )}
        <select
          aria-label={`Parent of ${team.name}`}
          value={team.parentId ?? TOP}
          onChange={(e) => reparent(e.target.value)}
        >
          <option value={TOP}>Top level</option>
          {parentChoices(fleet, team.id).map(({ team: t, depth: d }) => (
            <option key={t.id} value={t.id}>{`${'  '.repeat(d)}in ${t.name}`}</option>
          ))}
        </select>
        <button
          type="button"
          className="secondary"
          disabled={index <= 0}
          onClick={() => shift(-1)}
          aria-label={`Move ${team.name} up`}
        >
          ↑
        </button>
        <button
          type="button"
          className="secondary"
          disabled={index >= siblings.length - 1}
          onClick={() => shift(1)}
          aria-label={`Move ${team.name} down`}
        >
          ↓
        </button>
        <ConfirmButton
          label={`Delete ${team.name}…`}
          question={`Delete team ${team.name}?`}
          yes="Yes, delete"
          disabled={blocker !== null}
          title={blocker ? `${team.name} ${blocker}` : undefined}
          onConfirm={() => run((c) => c.call('team.delete', { team: team.id }))}
        />
      </span>
    </li>
  );
}
