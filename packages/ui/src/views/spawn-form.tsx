import { useState, type FormEvent } from 'react';
import { AgentKind } from '@switchboard/protocol';
import type { Team } from '@switchboard/protocol';
import { useFleet } from './store-context';

export function SpawnForm({ teams }: { teams: Team[] }) {
  const spawnAgent = useFleet((s) => s.spawnAgent);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AgentKind>('shell');
  const [team, setTeam] = useState('');
  const [command, setCommand] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const ok = await spawnAgent({
      name: name.trim(),
      kind,
      ...(team ? { team } : {}),
      ...(command.trim() ? { command: command.trim() } : {}),
    });
    setBusy(false);
    if (ok) setName('');
  };

  return (
    <form className="panel spawn-form" onSubmit={submit} aria-label="Spawn agent">
      <h2>Spawn an agent</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="builder-1" required autoComplete="off" />
      </label>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as AgentKind)}>
          {AgentKind.options.map((option) => (
            <option key={option} value={option}>{option}</option>
          ))}
        </select>
      </label>
      <label>
        Team
        <select value={team} onChange={(e) => setTeam(e.target.value)}>
          <option value="">(no team)</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>{t.name}</option>
          ))}
        </select>
      </label>
      {kind === 'custom' && (
        <label>
          Command
          <input value={command} onChange={(e) => setCommand(e.target.value)} placeholder="python3 worker.py" required />
        </label>
      )}
      <button type="submit" disabled={busy || !name.trim()}>{busy ? 'Spawning…' : 'Spawn'}</button>
    </form>
  );
}

export function TeamForm() {
  const createTeam = useFleet((s) => s.createTeam);
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await createTeam({ name: name.trim() })) setName('');
  };
  return (
    <form className="panel team-form" onSubmit={submit} aria-label="Create team">
      <h2>New team</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="backend" required autoComplete="off" />
      </label>
      <button type="submit" disabled={!name.trim()}>Create team</button>
    </form>
  );
}
