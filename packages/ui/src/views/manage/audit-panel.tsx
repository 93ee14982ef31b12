import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditActor, AuditEntry, AuditVerification } from '@switchboard/protocol';
import type { FleetState } from '../../store/fleet-state';
import { useCommand } from '../spawn/use-command';
import { ProblemAlert } from '../problem-alert';
import { useFleet } from '../store-context';
import { AgentName } from '../agent-name';

const PAGE = 200;

/** What an entry's details say, on one line (the audit keeps inputs redacted). */
function detailsLine(details: unknown): string {
  if (details === null || details === undefined) return '';
  const text = typeof details === 'string' ? details : JSON.stringify(details);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/**
 * Who did it, as a person reads it: "you", an agent's name (marked "(closed)", or its id, when it is no longer in
 * the fleet: <AgentName>), or "system …". Found by use: every agent's row read "agent agent-57f3ac2f-…".
 */
function Actor({ fleet, actor }: { fleet: FleetState; actor: AuditActor }) {
  if (actor.kind === 'human') return <>you</>;
  if (actor.kind === 'agent') return <AgentName state={fleet} id={actor.id} />;
  return <>system {actor.id}</>;
}

/**
 * The audit log (a hash chain): the newest entries first, a page at a time from the host ("Load older" asks
 * for the page before the last one shown), filtered by action, and `audit.verify` on demand.
 */
export function AuditPanel() {
  const command = useCommand();
  const { run } = command;
  const fleet = useFleet((s) => s.fleet);
  const [action, setAction] = useState('');
  const [applied, setApplied] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);

  const load = useCallback(
    async (filter: string, before: number | null, previous: AuditEntry[]) => {
      const page = await run((c) =>
        c.call('audit.list', {
          newestFirst: true,
          limit: PAGE,
          ...(before === null ? {} : { beforeSequence: before }),
          ...(filter ? { action: filter } : {}),
        }),
      );
      if (!page) return;
      setEntries([...previous, ...page.entries]);
      setMore(page.entries.length === PAGE);
    },
    [run],
  );
  useEffect(() => void load('', null, []), [load]);

  const filter = (event: FormEvent) => {
    event.preventDefault();
    setApplied(action.trim());
    void load(action.trim(), null, []);
  };
  /** The oldest entry shown: past the last page, older ones were pruned (the chain starts at 1). */
  const oldest = entries.at(-1)?.sequence;
  const verify = async () => setVerification((await command.run((c) => c.call('audit.verify', {}))) ?? null);

  return (
    <section className="panel manage-panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="manage-form inline">
        <form className="manage-form inline" onSubmit={filter} aria-label="Filter the audit log">
          <label>
            Action
            <input
              value={action}
              onChange={(e) => setAction(e.target.value)}
              placeholder="team.delete, approval.decided…"
              maxLength={128}
            />
          </label>
          <button type="submit" className="secondary">
            Show
          </button>
          <button type="button" className="secondary" onClick={() => void load(applied, null, [])}>
            Refresh
          </button>
        </form>
        <button type="button" onClick={() => void verify()} disabled={command.busy}>
          Verify the chain
        </button>
      </div>
      {verification && (
        <p
          className={verification.ok ? 'form-done' : 'form-problem'}
          role="status"
          data-testid="audit-verification"
        >
          {verification.ok
            ? `Intact: ${verification.checked} entries checked, every hash fits the chain.`
            : `Broken at entry ${verification.firstBad?.sequence} (${verification.firstBad?.problem}): ${verification.firstBad?.message}`}
          {verification.pruned &&
            ` Checked from entry ${verification.pruned.fromSequence}: the entries before it were pruned by retention on ${new Date(verification.pruned.prunedAt).toLocaleString()}.`}
        </p>
      )}
      <ProblemAlert problem={command.problem} />
      <table className="manage-table" aria-label="Audit entries">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.sequence} data-testid="audit-row">
              <td>{entry.sequence}</td>
              <td>{new Date(entry.at).toLocaleTimeString()}</td>
              <td>
                <Actor fleet={fleet} actor={entry.actor} />
              </td>
              <td>{entry.action}</td>
              <td>{entry.target ?? ''}</td>
              <td className={`outcome-${entry.outcome}`}>{entry.outcome}</td>
              <td className="audit-details">{detailsLine(entry.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && <p className="muted">No entries{applied ? ` for “${applied}”` : ''}.</p>}
      {!more && !applied && oldest !== undefined && oldest > 1 && (
        <p className="muted" data-testid="audit-pruned-note">
          Entries before #{oldest} were pruned by retention (Storage); the chain is verified from there.
        </p>
      )}
      {more && (
        <button
          type="button"
          className="secondary"
          onClick={() => void load(applied, entries.at(-1)!.sequence, entries)}
        >
          Load older
        </button>
      )}
    </section>
  );
}
