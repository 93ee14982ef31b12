import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import {
  bidiShown,
  type Client,
  type CommandOutput,
  type FleetState,
  type MemoryEntry,
} from '@switchboard/protocol';
import { callerName } from '../../store/selectors';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useFleet } from '../store-context';
import { MemoryEditor } from './memory-editor';
import { namespaceLabel, snippetParts, valuePreview } from './memory-model';
import { ProblemAlert } from '../problem-alert';
import './memory.css';

interface Filters {
  query: string;
  namespace: string;
  author: string;
  tag: string;
}

interface Found {
  rows: { entry: MemoryEntry; snippet: string | null }[];
  namespaces: CommandOutput<'memory.list'>['namespaces'];
}

/** Search as you type when there is a query, else the newest entries; both with the filters. */
async function find(client: Client, { query, namespace, author, tag }: Filters): Promise<Found> {
  const filters = {
    ...(namespace ? { namespace } : {}),
    ...(author ? { author } : {}),
    ...(tag ? { tag } : {}),
  };
  const listed = await client.call('memory.list', { ...filters, limit: query.trim() ? 1 : 200 });
  if (!query.trim())
    return { rows: listed.entries.map((entry) => ({ entry, snippet: null })), namespaces: listed.namespaces };
  const { hits } = await client.call('memory.search', { query: query.slice(0, 500), ...filters, limit: 100 });
  return {
    rows: hits.map((hit) => ({ entry: hit.entry, snippet: hit.snippet })),
    namespaces: listed.namespaces,
  };
}

const keyOf = (entry: Pick<MemoryEntry, 'namespace' | 'key'>) => `${entry.namespace}\u0000${entry.key}`;

/** The shared memory browser: search as you type, filter by namespace, author and tag, edit and delete entries. */
export function MemoryView() {
  const fleet = useFleet((s) => s.fleet);
  const [filters, setFilters] = useState<Filters>({ query: '', namespace: '', author: '', tag: '' });
  const asked = useDeferredValue(filters);
  const [selected, setSelected] = useState<MemoryEntry | 'new' | null>(null);
  // The search field takes focus when the view opens (on the next frame, once the view is revealed).
  const searchField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() => searchField.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);
  const found = useLiveQuery(
    JSON.stringify(asked),
    (client) => find(client, asked),
    (event) => event.type.startsWith('memory.'),
  );
  const namespaces = found.data?.namespaces ?? [];
  const authors = useMemo(
    () => [['human', 'you'], ...Object.values(fleet.agents).map((a) => [a.id, a.name])] as [string, string][],
    [fleet.agents],
  );
  const filter = (change: Partial<Filters>) => setFilters((before) => ({ ...before, ...change }));
  const selectedKey = selected && selected !== 'new' ? keyOf(selected) : null;

  return (
    <div className="memory-view">
      <section className="memory-main" aria-labelledby="memory-title">
        <div className="memory-head">
          <h2 id="memory-title">Shared memory</h2>
          <button type="button" onClick={() => setSelected('new')}>
            New entry
          </button>
        </div>
        <div className="memory-filters" role="search">
          <label className="memory-search">
            Search
            <input
              type="search"
              value={filters.query}
              placeholder="Words in keys, values and tags"
              maxLength={500}
              ref={searchField}
              onChange={(e) => filter({ query: e.target.value })}
            />
          </label>
          <label>
            Namespace
            <select value={filters.namespace} onChange={(e) => filter({ namespace: e.target.value })}>
              <option value="">All</option>
              {namespaces.map(({ namespace, entries }) => (
                <option key={namespace} value={namespace}>
                  {namespaceLabel(fleet, namespace)} ({entries})
                </option>
              ))}
            </select>
          </label>
          <label>
            Author
            <select value={filters.author} onChange={(e) => filter({ author: e.target.value })}>
              <option value="">Anyone</option>
              {authors.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Tag
            <input
              value={filters.tag}
              maxLength={64}
              onChange={(e) => filter({ tag: e.target.value.trim() })}
            />
          </label>
        </div>
        <ProblemAlert problem={found.problem} />
        <Results
          fleet={fleet}
          found={found.data}
          selectedKey={selectedKey}
          searching={filters.query.trim() !== ''}
          onOpen={setSelected}
        />
      </section>
      {selected && (
        <MemoryEditor
          key={selected === 'new' ? 'new' : keyOf(selected)}
          entry={selected === 'new' ? null : selected}
          namespaces={['global', ...namespaces.map((n) => n.namespace).filter((n) => n !== 'global')]}
          onSaved={setSelected}
          onDeleted={() => setSelected(null)}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}

function Results({
  fleet,
  found,
  selectedKey,
  searching,
  onOpen,
}: {
  fleet: FleetState;
  found: Found | null;
  selectedKey: string | null;
  searching: boolean;
  onOpen(entry: MemoryEntry): void;
}) {
  if (!found) return <p className="muted">Loading…</p>;
  if (found.rows.length === 0) {
    return (
      <p className="muted" data-testid="memory-empty">
        {searching
          ? 'Nothing matches.'
          : 'Nothing in the shared memory yet. Agents write here with memory_put; so can you (New entry).'}
      </p>
    );
  }
  return (
    <ul className="memory-list" aria-label={searching ? 'Search results' : 'Entries'}>
      {found.rows.map(({ entry, snippet }) => (
        <li key={keyOf(entry)}>
          <button
            type="button"
            className={`memory-row${keyOf(entry) === selectedKey ? ' active' : ''}`}
            data-testid="memory-row"
            data-key={entry.key}
            aria-current={keyOf(entry) === selectedKey ? 'true' : undefined}
            onClick={() => onOpen(entry)}
          >
            <span className="memory-row-key">{bidiShown(entry.key)}</span>
            <span className="kind-chip">{namespaceLabel(fleet, entry.namespace)}</span>
            <span className="memory-row-value">
              {snippet === null
                ? valuePreview(entry)
                : snippetParts(snippet).map((part, i) =>
                    part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                  )}
            </span>
            <span className="memory-row-meta muted">
              {callerName(fleet, entry.author)} · {new Date(entry.updatedAt).toLocaleString()}
              {entry.tags.length > 0 && ` · ${entry.tags.map((tag) => `#${tag}`).join(' ')}`}
              {entry.expiresAt && ` · forgotten ${new Date(entry.expiresAt).toLocaleString()}`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
