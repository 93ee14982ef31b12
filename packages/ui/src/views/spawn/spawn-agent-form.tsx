import { useState, type FormEvent } from 'react';
import { AgentKind } from '@switchboard/protocol';
import type { CommandInput, Team } from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { splitArguments, useCommand } from './use-command';
import { clearIfUnchanged } from '../clear-if-unchanged';
import { ProblemAlert } from '../problem-alert';

const AI_KINDS: readonly AgentKind[] = ['claude', 'codex', 'gemini'];

/** Names for a batch: `name` alone, or `name-1` … `name-n`. */
export function batchNames(name: string, count: number): string[] {
  return count <= 1 ? [name] : Array.from({ length: count }, (_, i) => `${name}-${i + 1}`);
}

/**
 * Spawning as people do it: name, CLI, team, role, working folder (recent ones offered), an optional
 * worktree, model and arguments, the first task, how many; or save it all as a template.
 */
export function SpawnAgentForm({ teams }: { teams: Team[] }) {
  const { busy, problem, run } = useCommand();
  const recent = useLiveQuery(
    'recent-folders',
    (client) => client.call('folder.listRecent', {}),
    (event) => event.type === 'agent.spawned',
  );
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AgentKind>('shell');
  const [team, setTeam] = useState('');
  const [role, setRole] = useState('');
  const [cwd, setCwd] = useState('');
  const [worktree, setWorktree] = useState(false);
  const [command, setCommand] = useState('');
  const [model, setModel] = useState('');
  const [args, setArgs] = useState('');
  const [task, setTask] = useState('');
  const [count, setCount] = useState(1);
  const [done, setDone] = useState<string | null>(null);

  const spec = (agentName: string): CommandInput<'agent.spawn'> => ({
    name: agentName,
    kind,
    ...(team ? { team } : {}),
    ...(role.trim() ? { role: role.trim() } : {}),
    ...(cwd.trim() ? { cwd: cwd.trim() } : {}),
    ...(worktree && cwd.trim() ? { worktree: { branch: `switchboard/${agentName}` } } : {}),
    ...(command.trim() ? { command: command.trim() } : {}),
    ...(model.trim() && AI_KINDS.includes(kind) ? { model: model.trim() } : {}),
    ...(args.trim() ? { args: splitArguments(args) } : {}),
    ...(task.trim() ? { task: task.trim() } : {}),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const submitted = name;
    const names = batchNames(submitted.trim(), count);
    const spawned = await run(async (client) => {
      const made: string[] = [];
      for (const agentName of names) made.push((await client.call('agent.spawn', spec(agentName))).name);
      return made;
    });
    if (spawned) {
      setDone(
        `Spawned ${spawned.join(', ')}${task.trim() ? ' (the task is typed once each CLI is ready)' : ''}.`,
      );
      clearIfUnchanged(setName, submitted);
    }
  };

  const saveTemplate = async () => {
    setDone(null);
    const { name: templateName, worktree: wanted, ...rest } = spec(name.trim());
    const saved = await run((client) =>
      client.call('template.save', {
        template: { ...rest, name: templateName, ...(wanted ? { worktree: { base: 'HEAD' } } : {}) },
        replace: true,
      }),
    );
    if (saved) setDone(`Saved template "${saved.name}".`);
  };

  return (
    <form className="panel spawn-form" onSubmit={submit} aria-label="Spawn agent">
      <h2>Spawn an agent</h2>
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="builder-1"
          required
          autoComplete="off"
        />
      </label>
      <div className="field-row">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as AgentKind)}>
            {AgentKind.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <label className="narrow">
          Count
          <input
            type="number"
            min={1}
            max={20}
            value={count}
            onChange={(e) => setCount(Math.max(1, Math.min(20, Number(e.target.value) || 1)))}
          />
        </label>
      </div>
      <label>
        Team
        <select value={team} onChange={(e) => setTeam(e.target.value)}>
          <option value="">(no team)</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Role
        <input
          value={role}
          onChange={(e) => setRole(e.target.value)}
          placeholder="custom"
          list="spawn-roles"
          autoComplete="off"
        />
        <datalist id="spawn-roles">
          {['orchestrator', 'builder', 'tester', 'debugger', 'researcher', 'devops', 'custom'].map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <label>
        Working folder
        <input
          value={cwd}
          onChange={(e) => setCwd(e.target.value)}
          placeholder="/path/to/repo"
          list="spawn-recent-folders"
          autoComplete="off"
        />
        <datalist id="spawn-recent-folders">
          {(recent.data?.folders ?? []).map((folder) => (
            <option key={folder} value={folder} />
          ))}
        </datalist>
      </label>
      {(recent.data?.folders.length ?? 0) > 0 && (
        <div className="recent-folders" aria-label="Recent folders">
          {recent.data!.folders.slice(0, 4).map((folder) => (
            <button key={folder} type="button" className="chip" title={folder} onClick={() => setCwd(folder)}>
              {folder.split('/').filter(Boolean).pop() ?? folder}
            </button>
          ))}
        </div>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={worktree}
          onChange={(e) => setWorktree(e.target.checked)}
          disabled={!cwd.trim()}
        />
        Own git worktree (branch switchboard/NAME)
      </label>
      {(kind === 'custom' || kind === 'shell') && (
        <label>
          Command
          <input
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            placeholder={kind === 'shell' ? '(your login shell)' : 'python3 worker.py'}
            required={kind === 'custom'}
          />
        </label>
      )}
      {AI_KINDS.includes(kind) && (
        <label>
          Model
          <input
            value={model}
            onChange={(e) => setModel(e.target.value)}
            placeholder="(the CLI's default)"
            autoComplete="off"
          />
        </label>
      )}
      <label>
        Arguments
        <input
          value={args}
          onChange={(e) => setArgs(e.target.value)}
          placeholder="--verbose"
          autoComplete="off"
        />
      </label>
      <label>
        First task
        <textarea
          value={task}
          onChange={(e) => setTask(e.target.value)}
          rows={2}
          placeholder="typed into the CLI once it is ready"
        />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={busy || !name.trim()}>
          {busy ? 'Spawning…' : count > 1 ? `Spawn ${count}` : 'Spawn'}
        </button>
        <button type="button" className="secondary" disabled={busy || !name.trim()} onClick={saveTemplate}>
          Save as template
        </button>
      </div>
      <ProblemAlert problem={problem} />
      {done && (
        <p className="form-done" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
