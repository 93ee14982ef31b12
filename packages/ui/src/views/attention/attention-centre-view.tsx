import { useMemo, useState } from 'react';
import type { AttentionKind } from '@switchboard/protocol';
import {
  KIND_ORDER,
  KIND_TITLES,
  defaultFilter,
  filterAttention,
  groupAttention,
  type AttentionFilter,
} from '../../attention/attention-centre';
import { useAttention, useFleet } from '../store-context';
import { AttentionList } from './attention-list';
import { HeldDeliveriesPanel } from './held-deliveries-panel';
import './attention.css';

/**
 * Every notification in one persistent list: open ones by default, the history on request, grouped
 * by kind, filterable, with what do-not-disturb or a muted team held back marked as such. Toasts come
 * and go; nothing is lost here.
 */
export function AttentionCentreView() {
  const items = useAttention((s) => s.items);
  const loaded = useAttention((s) => s.loaded);
  const problem = useAttention((s) => s.problem);
  const dismiss = useAttention((s) => s.dismiss);
  const agents = useFleet((s) => s.fleet.agents);
  const settings = useFleet((s) => s.attention);
  const [filter, setFilter] = useState<AttentionFilter>(defaultFilter);
  const shown = useMemo(() => filterAttention(items, agents, filter), [items, agents, filter]);
  const sections = useMemo(() => groupAttention(shown), [shown]);
  const held = useMemo(
    () => Object.values(items).filter((i) => i.status === 'open' && i.silenced !== null).length,
    [items],
  );
  const update = (patch: Partial<AttentionFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const toggleKind = (kind: AttentionKind) =>
    update({
      kinds: filter.kinds.includes(kind) ? filter.kinds.filter((k) => k !== kind) : [...filter.kinds, kind],
    });

  return (
    <div className="attention-centre" data-testid="attention-centre">
      <section className="panel" aria-labelledby="attention-title">
        <header className="attention-head">
          <h2 id="attention-title">
            Attention{' '}
            <span className="count">
              {shown.length} {filter.show === 'open' ? 'open' : 'in all'}
            </span>
          </h2>
          {settings?.doNotDisturb && (
            <p className="held-note" data-testid="dnd-note">
              Do not disturb is on: {held} held back {held === 1 ? 'item is' : 'items are'} listed here, not
              shown as toasts.
            </p>
          )}
          <p className="muted keys">
            <kbd>n</kbd> next thing that needs you, from any view
          </p>
        </header>
        <div className="attention-filters" role="group" aria-label="Filter">
          <label className="inline-label">
            Show
            <select
              value={filter.show}
              onChange={(e) => update({ show: e.target.value as AttentionFilter['show'] })}
            >
              <option value="open">open</option>
              <option value="all">open and closed (history)</option>
            </select>
          </label>
          {KIND_ORDER.map((kind) => (
            <button
              key={kind}
              type="button"
              className={`chip-toggle${filter.kinds.includes(kind) ? ' on' : ''}`}
              aria-pressed={filter.kinds.includes(kind)}
              onClick={() => toggleKind(kind)}
            >
              {KIND_TITLES[kind]}
            </button>
          ))}
          <button
            type="button"
            className={`chip-toggle${filter.heldOnly ? ' on' : ''}`}
            aria-pressed={filter.heldOnly}
            onClick={() => update({ heldOnly: !filter.heldOnly })}
          >
            Held back ({held})
          </button>
          <label className="inline-label">
            <input
              type="checkbox"
              checked={filter.shellFinished}
              onChange={(e) => update({ shellFinished: e.target.checked })}
            />
            “finished” of plain shells
          </label>
          <input
            type="search"
            aria-label="Filter notifications"
            placeholder="Filter: agent, words…"
            value={filter.text}
            onChange={(e) => update({ text: e.target.value })}
          />
        </div>
        {problem && <p role="alert">{problem}</p>}
        <HeldDeliveriesPanel />
        {!loaded ? (
          <p className="muted">Loading notifications…</p>
        ) : sections.length === 0 ? (
          <p className="muted" data-testid="attention-empty">
            Nothing needs you{filter.show === 'open' ? ' right now' : ''}.
          </p>
        ) : (
          <AttentionList sections={sections} onDismiss={(ids) => void dismiss(ids)} />
        )}
        {filter.show === 'all' && <OlderHistory />}
      </section>
    </div>
  );
}

/** The end of the history: how many closed items were let go to keep the page light, and the next page. */
function OlderHistory() {
  const olderFrom = useAttention((s) => s.olderFrom);
  const dropped = useAttention((s) => s.dropped);
  const loadingOlder = useAttention((s) => s.loadingOlder);
  const loadOlder = useAttention((s) => s.loadOlder);
  if (olderFrom === null && dropped === 0) return null;
  return (
    <p className="attention-older muted" data-testid="attention-older">
      {dropped > 0 &&
        `${dropped} older closed ${dropped === 1 ? 'notification was' : 'notifications were'} let go here to keep the page light (the host keeps them). `}
      {olderFrom !== null && (
        <button type="button" className="secondary" disabled={loadingOlder} onClick={() => void loadOlder()}>
          {loadingOlder ? 'Loading…' : 'Load older'}
        </button>
      )}
    </p>
  );
}
