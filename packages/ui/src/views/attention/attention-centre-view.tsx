import { useMemo, useState } from 'react';
import type { AttentionItem, AttentionKind } from '@switchboard/protocol';
import {
  KIND_ORDER,
  KIND_TITLES,
  defaultFilter,
  filterAttention,
  groupAttention,
  type AttentionFilter,
} from '../../attention/attention-centre';
import { useAttention, useFleet, useShell } from '../store-context';
import './attention.css';

/** Rows shown per group before "Show more" (10,000 items stay quick to draw and scroll). */
const PAGE = 200;

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
        {!loaded ? (
          <p className="muted">Loading notifications…</p>
        ) : sections.length === 0 ? (
          <p className="muted" data-testid="attention-empty">
            Nothing needs you{filter.show === 'open' ? ' right now' : ''}.
          </p>
        ) : (
          sections.map((section) => (
            <AttentionGroupList
              key={section.kind}
              title={section.title}
              items={section.items}
              onDismiss={(ids) => void dismiss(ids)}
            />
          ))
        )}
      </section>
    </div>
  );
}

function AttentionGroupList({
  title,
  items,
  onDismiss,
}: {
  title: string;
  items: AttentionItem[];
  onDismiss(ids: string[]): void;
}) {
  const [limit, setLimit] = useState(PAGE);
  const open = items.filter((i) => i.status === 'open').map((i) => i.id);
  const id = `attention-group-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="attention-group" aria-labelledby={id} data-testid="attention-group">
      <h3 id={id}>
        {title} <span className="count">{items.length}</span>
        {open.length > 1 && (
          <button type="button" className="link" onClick={() => onDismiss(open)}>
            Dismiss all {open.length}
          </button>
        )}
      </h3>
      <ul className="attention-list">
        {items.slice(0, limit).map((item) => (
          <AttentionRow key={item.id} item={item} onDismiss={() => onDismiss([item.id])} />
        ))}
      </ul>
      {items.length > limit && (
        <button type="button" className="secondary" onClick={() => setLimit((l) => l + PAGE * 5)}>
          Show more ({items.length - limit} not shown)
        </button>
      )}
    </section>
  );
}

const SEVERITY_WORDS = { critical: 'critical', warning: 'needs you', info: 'info' } as const;

function AttentionRow({ item, onDismiss }: { item: AttentionItem; onDismiss(): void }) {
  const goTo = useFleet((s) => s.goTo);
  const openApproval = useShell((s) => s.openApproval);
  const focusAgent = useShell((s) => s.focusAgent);
  const setLastVisited = useAttention((s) => s.setLastVisited);
  const open = item.status === 'open';
  return (
    <li
      className={`attention-row severity-${item.severity}${open ? '' : ' closed'}`}
      data-testid="attention-row"
      data-kind={item.kind}
      data-status={item.status}
    >
      <span className="severity">{SEVERITY_WORDS[item.severity]}</span>
      <span className="attention-text">
        <strong>{item.title}</strong> <span className="muted">{item.body}</span>
      </span>
      {item.occurrences > 1 && <span className="muted">{item.occurrences}×</span>}
      {item.silenced && (
        <span className="held-chip">
          held back: {item.silenced === 'do_not_disturb' ? 'do not disturb' : 'team muted'}
        </span>
      )}
      {!open && <span className="muted">{item.status}</span>}
      <time className="muted" dateTime={item.updatedAt}>
        {new Date(item.updatedAt).toLocaleTimeString()}
      </time>
      <span className="attention-actions">
        {open && item.approvalId && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setLastVisited(item.id);
              openApproval(item.approvalId!);
            }}
          >
            Answer
          </button>
        )}
        {open && item.agentId && !item.approvalId && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setLastVisited(item.id);
              focusAgent(item.agentId!);
              void goTo({ attentionId: item.id, agentId: item.agentId });
            }}
          >
            Go to pane
          </button>
        )}
        {open && (
          <button type="button" className="link" onClick={onDismiss} aria-label={`Dismiss: ${item.title}`}>
            Dismiss
          </button>
        )}
      </span>
    </li>
  );
}
