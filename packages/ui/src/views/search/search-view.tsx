import { useDeferredValue, useEffect, useRef, useState } from 'react';
import type { CommandOutput, FleetSearchHit } from '@switchboard/protocol';
import { callerName } from '../../store/selectors';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { snippetParts } from '../memory/memory-model';
import { useFleet, useShell } from '../store-context';
import { RecordingMoment } from './recording-moment';
import { countOf, hitLabel, SOURCE_LABELS, type SearchSourceName } from './search-model';
import { ProblemAlert } from '../problem-alert';
import './search.css';

const SOURCES: SearchSourceName[] = ['recording', 'message', 'memory'];
type Found = CommandOutput<'fleet.search'>;

/** Search across the fleet: what agents printed, said and remembered, grouped by agent; jump to the agent or the moment. */
export function SearchView() {
  const fleet = useFleet((s) => s.fleet);
  const openAgent = useShell((s) => s.openAgent);
  const setView = useShell((s) => s.setView);
  const [query, setQuery] = useState('');
  const [sources, setSources] = useState<SearchSourceName[]>(SOURCES);
  const asked = useDeferredValue({ query: query.trim(), sources });
  const [moment, setMoment] = useState<{ agentId: string; at: number } | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() => field.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);
  const found = useLiveQuery<Found | null>(
    JSON.stringify(asked),
    async (client) =>
      asked.query && asked.sources.length
        ? client.call('fleet.search', { query: asked.query.slice(0, 500), sources: asked.sources, limit: 50 })
        : null,
    (event) => event.type.startsWith('memory.') || event.type === 'message.sent',
  );
  const nameOf = (id: string) => callerName(fleet, id);
  const toggle = (source: SearchSourceName) =>
    setSources((before) =>
      before.includes(source)
        ? before.filter((s) => s !== source)
        : SOURCES.filter((s) => s === source || before.includes(s)),
    );
  const jump = (agentId: string, hit: FleetSearchHit) => {
    if (hit.recording) setMoment({ agentId, at: hit.recording.at });
    else if (hit.memory) setView('memory');
    else if (fleet.agents[agentId]) openAgent(agentId);
  };

  return (
    <div className="search-view">
      <section className="search-main" aria-labelledby="search-title">
        <h2 id="search-title">Search the fleet</h2>
        <div className="search-filters" role="search">
          <label className="search-field">
            Search
            <input
              type="search"
              ref={field}
              value={query}
              maxLength={500}
              placeholder="Words agents printed, sent or remembered"
              onChange={(e) => setQuery(e.target.value)}
            />
          </label>
          <fieldset className="search-sources">
            <legend>In</legend>
            {SOURCES.map((source) => (
              <label key={source} className="search-source">
                <input type="checkbox" checked={sources.includes(source)} onChange={() => toggle(source)} />
                {SOURCE_LABELS[source]}
              </label>
            ))}
          </fieldset>
        </div>
        <ProblemAlert problem={found.problem} />
        {!asked.query ? (
          <p className="muted">
            Type to search every agent's recorded output, the messages and the shared memory at once.
          </p>
        ) : !found.data ? (
          <p className="muted">Searching…</p>
        ) : found.data.total === 0 ? (
          <p className="muted" data-testid="search-empty">
            Nothing matches.
          </p>
        ) : (
          <>
            <p className="muted" data-testid="search-count">
              {countOf(found.data)}
            </p>
            <ol className="search-groups" aria-label="Results by agent">
              {found.data.groups.map((group) => (
                <li
                  key={group.agentId}
                  className="search-group"
                  data-testid="search-group"
                  data-agent={nameOf(group.agentId)}
                >
                  <div className="search-group-head">
                    <h3>{nameOf(group.agentId)}</h3>
                    {fleet.agents[group.agentId] && (
                      <button type="button" onClick={() => openAgent(group.agentId)}>
                        Open agent
                      </button>
                    )}
                  </div>
                  <ul className="search-hits">
                    {group.hits.map((hit, i) => (
                      <li key={i}>
                        <button
                          type="button"
                          className="search-hit"
                          data-testid="search-hit"
                          data-source={hit.source}
                          onClick={() => jump(group.agentId, hit)}
                        >
                          <span className="kind-chip">{SOURCE_LABELS[hit.source]}</span>
                          <span className="search-hit-meta muted">
                            {hitLabel(hit, nameOf)} · {new Date(hit.at).toLocaleString()}
                          </span>
                          <span className="search-hit-snippet">
                            {snippetParts(hit.snippet).map((part, k) =>
                              part.match ? (
                                <mark key={k}>{part.text}</mark>
                              ) : (
                                <span key={k}>{part.text}</span>
                              ),
                            )}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      {moment && (
        <RecordingMoment
          key={`${moment.agentId}@${moment.at}`}
          agentId={moment.agentId}
          agentName={nameOf(moment.agentId)}
          at={moment.at}
          onClose={() => setMoment(null)}
        />
      )}
    </div>
  );
}
