import { useEffect, useState } from 'react';
import { useFleet, useStaged, useUndoable } from '../views/store-context';
import './undo-bar.css';

/**
 * Bottom centre, on every view: queue decisions waiting out their undo window (nothing sent yet: Undo
 * and "Send now") and done actions that can still be reversed (a move: Undo moves them back).
 */
export function UndoBar() {
  const entries = useStaged((s) => s.entries);
  const undo = useStaged((s) => s.undo);
  const sendNow = useStaged((s) => s.sendNow);
  const actions = useUndoable((s) => s.entries);
  const undoAction = useUndoable((s) => s.undo);
  const keep = useUndoable((s) => s.keep);
  const notify = useFleet((s) => s.notify);
  const [now, setNow] = useState(() => Date.now());
  const count = entries.length + actions.length;
  useEffect(() => {
    if (count === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [count]);
  if (count === 0) return null;
  const seconds = (dueAt: number) => `${Math.max(0, Math.ceil((dueAt - now) / 1000))}s`;
  return (
    <section className="undo-bar" aria-label="Decisions you can still undo" data-testid="undo-bar">
      {entries.map((entry) => (
        <div key={entry.key} className="undo-entry" role="status" data-testid="undo-entry">
          <span className="undo-label">{entry.label}</span>
          <span className="countdown" aria-hidden="true">
            {seconds(entry.dueAt)}
          </span>
          <button type="button" onClick={() => undo(entry.key)} aria-keyshortcuts="u">
            Undo
          </button>
          <button type="button" className="link" onClick={() => sendNow(entry.key)}>
            Send now
          </button>
        </div>
      ))}
      {actions.map((entry) => (
        <div key={entry.key} className="undo-entry" role="status" data-testid="undo-entry">
          <span className="undo-label">{entry.label}</span>
          <span className="countdown" aria-hidden="true">
            {seconds(entry.dueAt)}
          </span>
          <button
            type="button"
            onClick={() =>
              void undoAction(entry.key).then((outcome) => {
                if (outcome && !outcome.ok)
                  notify({
                    tone: 'error',
                    title: `Could not undo: ${entry.label}`,
                    body: outcome.reason,
                    agentId: null,
                  });
              })
            }
            aria-keyshortcuts="u"
          >
            Undo
          </button>
          <button type="button" className="link" onClick={() => keep(entry.key)}>
            Keep
          </button>
        </div>
      ))}
    </section>
  );
}
