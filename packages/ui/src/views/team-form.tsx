import { useState, type FormEvent } from 'react';
import { useFleet } from './store-context';
import { clearIfUnchanged } from './clear-if-unchanged';

export function TeamForm() {
  const createTeam = useFleet((s) => s.createTeam);
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const submitted = name;
    if (await createTeam({ name: submitted.trim() })) clearIfUnchanged(setName, submitted);
  };
  return (
    <form className="panel team-form" onSubmit={submit} aria-label="Create team">
      <h2>New team</h2>
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="backend"
          required
          autoComplete="off"
        />
      </label>
      <button type="submit" disabled={!name.trim()}>
        Create team
      </button>
    </form>
  );
}
