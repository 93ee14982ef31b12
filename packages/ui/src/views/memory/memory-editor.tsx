import { useState } from 'react';
import { bidiShown, type MemoryEntry } from '@switchboard/protocol';
import { useCommand } from '../spawn/use-command';
import { draftOf, emptyDraft, putInputOf, type EntryDraft } from './memory-model';
import { ConfirmButton } from '../manage/confirm-button';
import { ProblemAlert } from '../problem-alert';

export interface MemoryEditorProps {
  /** The entry being edited; null for a new one. */
  entry: MemoryEntry | null;
  /** Namespaces to offer when writing a new entry. */
  namespaces: string[];
  onSaved(entry: MemoryEntry): void;
  onDeleted(): void;
  onClose(): void;
}

/** Writes or deletes one entry: value as text or JSON, tags, an optional TTL. Keyed by the entry, so it starts afresh for each. */
export function MemoryEditor({ entry, namespaces, onSaved, onDeleted, onClose }: MemoryEditorProps) {
  const [draft, setDraft] = useState<EntryDraft>(() => (entry ? draftOf(entry) : emptyDraft));
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const { busy, problem, run } = useCommand();
  const edit = (change: Partial<EntryDraft>) => setDraft((before) => ({ ...before, ...change }));

  const save = async () => {
    const made = putInputOf(draft);
    if ('problem' in made) return setLocalProblem(made.problem);
    setLocalProblem(null);
    const saved = await run((client) => client.call('memory.put', made.input));
    if (saved) onSaved(saved);
  };
  const remove = async () => {
    if (!entry) return;
    const done = await run((client) =>
      client.call('memory.delete', { namespace: entry.namespace, key: entry.key }),
    );
    if (done) onDeleted();
  };

  return (
    <form
      className="panel memory-editor"
      aria-labelledby="memory-editor-title"
      data-testid="memory-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="memory-editor-head">
        <h2 id="memory-editor-title">{entry ? 'Edit entry' : 'New entry'}</h2>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
      <label>
        Namespace
        <input
          value={draft.namespace}
          readOnly={entry !== null}
          list="memory-namespaces"
          onChange={(e) => edit({ namespace: e.target.value })}
        />
        <datalist id="memory-namespaces">
          {namespaces.map((namespace) => (
            <option key={namespace} value={namespace} />
          ))}
        </datalist>
      </label>
      <label>
        Key
        <input
          value={draft.key}
          readOnly={entry !== null}
          required
          onChange={(e) => edit({ key: e.target.value })}
        />
      </label>
      <label>
        Value
        <textarea
          value={draft.value}
          rows={10}
          spellCheck={false}
          onChange={(e) => edit({ value: e.target.value })}
        />
      </label>
      <label className="memory-inline">
        <input type="checkbox" checked={draft.json} onChange={(e) => edit({ json: e.target.checked })} /> The
        value is JSON
      </label>
      <label>
        <span>
          Tags <span className="muted">(comma or space separated)</span>
        </span>
        <input value={draft.tags} onChange={(e) => edit({ tags: e.target.value })} />
      </label>
      <label>
        <span>
          Forget after (seconds){' '}
          <span className="muted">
            {entry?.expiresAt ? `· now ${new Date(entry.expiresAt).toLocaleString()}` : '· empty: keep'}
          </span>
        </span>
        <input
          value={draft.ttlSeconds}
          inputMode="numeric"
          onChange={(e) => edit({ ttlSeconds: e.target.value })}
        />
      </label>
      <ProblemAlert problem={localProblem ?? problem} />
      <div className="memory-editor-actions">
        <button type="submit" disabled={busy || draft.key === ''}>
          Save
        </button>
        {entry && (
          <ConfirmButton
            label="Delete"
            question={`Delete ${bidiShown(entry.key)} for every agent?`}
            yes="Delete"
            disabled={busy}
            onConfirm={remove}
          />
        )}
      </div>
    </form>
  );
}
