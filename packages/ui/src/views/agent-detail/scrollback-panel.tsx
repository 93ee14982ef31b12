import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  findMatches,
  MAX_MATCHES,
  segmentsOf,
  stepMatch,
  type LineMatch,
} from '../../mirror/scrollback-search';
import { printable } from '@switchboard/protocol';
import { useFleet } from '../store-context';

/** Lines of history loaded (pane.read's scrollback, oldest first, the screen last). */
export const SCROLLBACK_LINES = 5_000;

/**
 * The pane's scrollback as text with a search: every match highlighted, Enter / Shift+Enter (or the
 * buttons) step through them and scroll the current one into view. Loaded when opened, again on Reload.
 */
export function ScrollbackPanel({ paneId, agentName }: { paneId: string; agentName: string }) {
  const client = useFleet((s) => s.client);
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(-1);
  const list = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const { screens } = await client.call('pane.read', {
        targets: [paneId],
        scrollback: true,
        lines: SCROLLBACK_LINES,
      });
      setLines((screens[0]?.lines ?? []).map(printable));
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  }, [client, paneId]);
  useEffect(() => void load(), [load]);

  const matches = useMemo(() => findMatches(lines ?? [], query), [lines, query]);
  const byLine = useMemo(() => {
    const grouped = new Map<number, LineMatch[]>();
    for (const match of matches) grouped.set(match.line, [...(grouped.get(match.line) ?? []), match]);
    return grouped;
  }, [matches]);
  const active = matches[current];

  // A new search starts at the latest match (the bottom, where the newest output is).
  useEffect(() => setCurrent(matches.length ? matches.length - 1 : -1), [matches]);
  useEffect(() => {
    if (active) list.current?.querySelector('[data-active-match]')?.scrollIntoView({ block: 'center' });
  }, [active]);

  const step = (direction: 1 | -1) => setCurrent((at) => stepMatch(at, matches.length, direction));
  const summary = !query
    ? ''
    : matches.length === 0
      ? 'No matches'
      : `${current + 1} of ${matches.length}${matches.length >= MAX_MATCHES ? '+' : ''}`;

  return (
    <section className="scrollback" aria-labelledby="scrollback-heading">
      <div className="scrollback-head">
        <h4 id="scrollback-heading">Scrollback</h4>
        <input
          type="search"
          value={query}
          placeholder="Search…"
          aria-label={`Search ${agentName}'s scrollback`}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          }}
        />
        <button
          type="button"
          className="secondary"
          onClick={() => step(-1)}
          disabled={matches.length === 0}
          aria-label="Previous match"
        >
          ↑
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => step(1)}
          disabled={matches.length === 0}
          aria-label="Next match"
        >
          ↓
        </button>
        <span className="scrollback-count" role="status" aria-live="polite">
          {summary}
        </span>
        <button type="button" className="secondary" onClick={() => void load()}>
          Reload
        </button>
      </div>
      {error && (
        <p className="mirror-error" role="alert">
          Could not read the scrollback: {error}
        </p>
      )}
      <div
        ref={list}
        className="scrollback-lines"
        role="region"
        aria-label={`${agentName}'s scrollback, ${lines?.length ?? 0} lines`}
        tabIndex={0}
        data-testid="scrollback"
      >
        {lines === null ? (
          <p className="muted">Loading…</p>
        ) : (
          lines.map((text, index) => {
            const found = byLine.get(index);
            return (
              <div key={index} className="scrollback-line">
                {found
                  ? segmentsOf(text, found, active).map((segment, i) =>
                      segment.match ? (
                        <mark
                          key={i}
                          className={segment.active ? 'active' : undefined}
                          data-active-match={segment.active || undefined}
                        >
                          {segment.text}
                        </mark>
                      ) : (
                        segment.text
                      ),
                    )
                  : text || '\u00a0'}
              </div>
            );
          })
        )}
      </div>
    </section>
  );
}
