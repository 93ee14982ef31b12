import { useState, type ChangeEvent } from 'react';
import type { FleetApplyResult } from '@switchboard/protocol';
import { useCommand } from './use-command';
import { ProblemAlert } from '../problem-alert';

const EXAMPLE = `version: 1
templates:
  reviewer: { kind: claude, role: tester }
teams:
  - name: web
    agents:
      - { name: builder, kind: codex, cwd: /path/to/repo }
      - { template: reviewer, count: 2, cwd: /path/to/repo }
`;

/** One line per outcome, as the CLI prints them. */
export function describeResult(result: FleetApplyResult): string[] {
  const list = (names: string[]) => (names.length ? names.join(', ') : '—');
  const created = result.dryRun ? 'Would create' : 'Created';
  return [
    `${created} teams: ${list(result.teams.created)}; already there: ${list(result.teams.existing)}`,
    `${result.dryRun ? 'Would spawn' : 'Spawned'}: ${list(result.agents.spawned)}; already there: ${list(result.agents.existing)}`,
    ...result.agents.failed.map((failure) => `Failed: ${failure.name}: ${failure.error}`),
  ];
}

/** Apply a fleet file (pasted or picked): what exists stays, what is missing is created. */
export function FleetFilePanel() {
  const { busy, problem, run } = useCommand();
  const [source, setSource] = useState('');
  const [result, setResult] = useState<FleetApplyResult | null>(null);
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setSource(await file.text());
  };
  const apply = async (dryRun: boolean) => {
    setResult(null);
    const outcome = await run((client) => client.call('fleet.apply', { source, dryRun }));
    if (outcome) setResult(outcome);
  };
  return (
    <section className="panel fleet-file-panel" aria-label="Fleet file">
      <h2>Fleet file</h2>
      <label>
        YAML or JSON
        <textarea
          value={source}
          onChange={(e) => setSource(e.target.value)}
          rows={6}
          placeholder={EXAMPLE}
          spellCheck={false}
          className="code"
        />
      </label>
      <label className="file-pick">
        Or pick a file
        <input type="file" accept=".yaml,.yml,.json" onChange={(e) => void pick(e)} />
      </label>
      <div className="form-actions">
        <button type="button" disabled={busy || !source.trim()} onClick={() => void apply(false)}>
          Apply
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || !source.trim()}
          onClick={() => void apply(true)}
        >
          Dry run
        </button>
      </div>
      <ProblemAlert problem={problem} />
      {result && (
        <ul className="form-done" role="status" aria-label="Fleet file result">
          {describeResult(result).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
