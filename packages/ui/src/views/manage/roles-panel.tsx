import { useState, type FormEvent } from 'react';
import { BUILT_IN_ROLES, type Role } from '@switchboard/protocol';
import { listField } from '../../manage/fleet-admin';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from '../spawn/use-command';
import { useFleet } from '../store-context';
import { ConfirmButton } from './confirm-button';
import { ManagePanel, NewNameForm } from './manage-panel';

const builtIn = (name: string) => (BUILT_IN_ROLES as readonly string[]).includes(name);

/** The role catalog: what each role may call and message; edit a role, add one, remove one nobody has. */
export function RolesPanel() {
  const agents = useFleet((s) => s.fleet.agents);
  const command = useCommand();
  const { data, problem } = useLiveQuery(
    'roles',
    (c) => c.call('role.list', {}),
    (e) => e.type.startsWith('role.'),
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const roles = data?.roles ?? [];
  const holders = (name: string) => Object.values(agents).filter((a) => a.role === name).length;

  const create = async () => {
    const role = await command.run((c) =>
      c.call('role.update', { name: newName.trim(), commands: ['*.list', '*.get'] }),
    );
    if (role) {
      setNewName('');
      setEditing(role.name);
    }
  };
  const newRole = (
    <NewNameForm
      label="New role"
      placeholder="reviewer"
      value={newName}
      onChange={setNewName}
      submitLabel="Add role"
      busy={command.busy}
      onSubmit={() => void create()}
    />
  );

  return (
    <ManagePanel id="roles-title" title="Roles" intro={newRole} problem={problem ?? command.problem}>
      <ul className="manage-list" aria-label="Roles">
        {roles.map((role) => (
          <li key={role.name} className="manage-row role-row" data-testid="role-row" data-role={role.name}>
            {editing === role.name ? (
              <RoleForm role={role} onDone={() => setEditing(null)} run={command.run} />
            ) : (
              <>
                <span className="row-title">
                  <strong>{role.name}</strong>
                  {builtIn(role.name) && <span className="muted"> (built in)</span>}{' '}
                  <span className="muted">
                    {role.allowed.length} commands · messages{' '}
                    {role.mayMessage.length ? role.mayMessage.join(', ') : 'nobody'}
                    {role.canSpawn && ' · spawns'}
                    {role.canChangeRoles && ' · changes roles'}
                    {role.canWriteOtherPanes && ' · types into other panes'}
                    {role.canReadOtherPanes && ' · reads other panes'}
                    {role.hosts.length > 0 && ` · spawns on ${role.hosts.join(', ')}`}
                    {' · '}
                    {role.rateLimit.perMinute}/min · {holders(role.name)} agent
                    {holders(role.name) === 1 ? '' : 's'}
                  </span>
                  {role.description && <span className="role-description">{role.description}</span>}
                </span>
                <span className="row-actions">
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setEditing(role.name)}
                    aria-label={`Edit ${role.name}`}
                  >
                    Edit
                  </button>
                  <ConfirmButton
                    label={`Remove ${role.name}…`}
                    question={`Remove the role ${role.name}?`}
                    yes="Yes, remove"
                    disabled={builtIn(role.name) || holders(role.name) > 0}
                    title={
                      builtIn(role.name)
                        ? 'Built-in roles stay; edit them instead.'
                        : holders(role.name) > 0
                          ? 'Agents have this role: give them another first.'
                          : undefined
                    }
                    onConfirm={() => command.run((c) => c.call('role.remove', { name: role.name }))}
                  />
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </ManagePanel>
  );
}

function RoleForm({
  role,
  onDone,
  run,
}: {
  role: Role;
  onDone(): void;
  run: ReturnType<typeof useCommand>['run'];
}) {
  const [description, setDescription] = useState(role.description);
  const [commands, setCommands] = useState(role.commands.join(', '));
  const [mayMessage, setMayMessage] = useState(role.mayMessage.join(', '));
  const [canSpawn, setCanSpawn] = useState(role.canSpawn);
  const [canChangeRoles, setCanChangeRoles] = useState(role.canChangeRoles);
  const [canWriteOtherPanes, setCanWriteOtherPanes] = useState(role.canWriteOtherPanes);
  const [canReadOtherPanes, setCanReadOtherPanes] = useState(role.canReadOtherPanes);
  const [perMinute, setPerMinute] = useState(role.rateLimit.perMinute);
  const [burst, setBurst] = useState(role.rateLimit.burst);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await run((c) =>
      c.call('role.update', {
        name: role.name,
        description,
        commands: listField(commands),
        mayMessage: listField(mayMessage),
        canSpawn,
        canChangeRoles,
        canWriteOtherPanes,
        canReadOtherPanes,
        rateLimit: { perMinute, burst },
      }),
    );
    if (saved) onDone();
  };
  return (
    <form className="manage-form role-form" onSubmit={save} aria-label={`Edit role ${role.name}`}>
      <strong>{role.name}</strong>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
      </label>
      <label>
        Commands (names or globs, comma-separated: lock.*, *.list)
        <textarea rows={2} value={commands} onChange={(e) => setCommands(e.target.value)} />
      </label>
      <label>
        May message the roles (comma-separated, * for all)
        <input value={mayMessage} onChange={(e) => setMayMessage(e.target.value)} />
      </label>
      <div className="manage-form inline">
        <label className="checkbox">
          <input type="checkbox" checked={canSpawn} onChange={(e) => setCanSpawn(e.target.checked)} />
          May spawn agents
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={canChangeRoles}
            onChange={(e) => setCanChangeRoles(e.target.checked)}
          />
          May change roles
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={canWriteOtherPanes}
            onChange={(e) => setCanWriteOtherPanes(e.target.checked)}
          />
          May type into other panes
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={canReadOtherPanes}
            onChange={(e) => setCanReadOtherPanes(e.target.checked)}
          />
          May read other panes
        </label>
      </div>
      <div className="manage-form inline">
        <label>
          Calls per minute
          <input
            type="number"
            min={1}
            value={perMinute}
            onChange={(e) => setPerMinute(Number(e.target.value))}
          />
        </label>
        <label>
          Burst
          <input type="number" min={1} value={burst} onChange={(e) => setBurst(Number(e.target.value))} />
        </label>
        <button type="submit">Save role</button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
