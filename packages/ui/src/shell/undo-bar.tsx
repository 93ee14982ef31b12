import { useEffect, useState } from 'react';
import { useStaged } from '../views/store-context';

/**
 * Decisions waiting out their undo window, bottom centre, on every view: what was decided, the
 * seconds left, Undo and "Send now". Nothing has been sent while an entry shows here.
 */
export function UndoBar() {
  const entries = useStaged((s) => s.entries);
  const undo = useStaged((s) => s.undo);
  const sendNow = useStaged((s) => s.sendNow);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (entries.length === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [entries.length]);
  if (entries.length === 0) return null;
  return (
    <section className="undo-bar" aria-label="Decisions you can still undo" data-testid="undo-bar">
      {entries.map((entry) => (
        <div key={entry.key} className="undo-entry" role="status" data-testid="undo-entry">
          <span className="undo-label">{entry.label}</span>
          <span className="countdown" aria-hidden="true">{Math.max(0, Math.ceil((entry.dueAt - now) / 1000))}s</span>
          <button type="button" onClick={() => undo(entry.key)} aria-keyshortcuts="u">
            Undo
          </button>
          <button type="button" className="link" onClick={() => sendNow(entry.key)}>
            Send now
          </button>
        </div>
      ))}
    </section>
  );
}
