import { useState } from 'react';
import type { UnmanagedSession } from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from './use-command';
import { ProblemAlert } from '../problem-alert';

/** A name an agent may have, from a pane's title: letters, digits, dot, dash, underscore. */
export function suggestedName(session: UnmanagedSession): string {
  const base = (session.command ?? session.title)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|-+$/g, '');
  return (base || 'pane').slice(0, 40);
}

/**
 * Panes already running in the terminal that no agent owns, each with "Adopt". Live without polling:
 * the host re-lists on the terminal's new/closed-session notifications and says so (terminal.unmanaged_changed).
 */
export function AdoptPanel() {
  const [round, setRound] = useState(0);
  const sessions = useLiveQuery(
    `unmanaged-${round}`,
    (client) => client.call('pane.listUnmanaged', {}),
    (event) => event.type === 'terminal.unmanaged_changed',
  );
  const list = sessions.data?.sessions ?? [];
  return (
    <section className="panel adopt-panel" aria-label="Adopt panes">
      <h2>
        Running panes{' '}
        <button type="button" className="link" onClick={() => setRound((n) => n + 1)}>
          Refresh
        </button>
      </h2>
      {sessions.data === null ? (
        // The host answers once spawns under way are done (their panes are their agents'), which may take a while.
        !sessions.problem && <p className="muted">Listing the terminal's panes…</p>
      ) : list.length === 0 ? (
        <p className="muted">Every open pane is an agent already.</p>
      ) : (
        <ul className="adopt-list">
          {list.map((session) => (
            <AdoptRow key={session.pane} session={session} />
          ))}
        </ul>
      )}
      <ProblemAlert problem={sessions.problem} />
    </section>
  );
}

function AdoptRow({ session }: { session: UnmanagedSession }) {
  const { busy, problem, run } = useCommand();
  const [name, setName] = useState(() => suggestedName(session));
  return (
    <li className="adopt-row" aria-label={`Pane ${session.title}`}>
      <div>
        <strong>{session.title || session.pane}</strong>
        <span className="muted"> {[session.command, session.cwd].filter(Boolean).join(' · ')}</span>
      </div>
      <div className="template-actions">
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Agent name" />
        <button
          type="button"
          disabled={busy || !name.trim()}
          onClick={() =>
            void run((client) => client.call('agent.adopt', { pane: session.pane, name: name.trim() }))
          }
        >
          Adopt
        </button>
      </div>
      <ProblemAlert problem={problem} />
    </li>
  );
}
