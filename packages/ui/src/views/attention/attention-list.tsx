import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { bidiShown, type AttentionItem } from '@switchboard/protocol';
import type { AttentionSection } from '../../attention/attention-centre';
import { flattenSections, stepRow } from '../../attention/attention-history';
import { useAttention, useFleet, useShell } from '../store-context';
import { ContinueTurnAction } from './continue-turn-action';
import { HeldTaskActions } from './held-task-actions';
import { shownName } from '../../store/shown-name';
import { AgentName } from '../agent-name';
import { itemWords } from '../../approvals/item-words';
import { ItemLine } from '../approvals/item-words-view';

const ROW_PX = 36;
const HEAD_PX = 44;
/** Rows ArrowDown/Up move by with PageDown/PageUp. */
const PAGE_STEP = 10;

/**
 * The centre's list, virtualised: only the rows on screen (and a few around them) are in the DOM, so
 * 10,000 notifications scroll as smoothly as 10. One Tab stop (the cursor row, then its buttons); arrows,
 * Home/End and PageUp/PageDown move the cursor; Enter answers or goes to the pane; Delete dismisses.
 */
export function AttentionList({
  sections,
  onDismiss,
}: {
  sections: readonly AttentionSection[];
  onDismiss(ids: string[]): void;
}) {
  const rows = useMemo(() => flattenSections(sections), [sections]);
  const scroller = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const focusNext = useRef(false);
  const current = rows.some((r) => r.type === 'item' && r.key === cursor) ? cursor : stepRow(rows, null, 0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]!.type === 'head' ? HEAD_PX : ROW_PX),
    getItemKey: (index) => rows[index]!.key,
    overscan: 12,
  });
  useEffect(() => {
    if (!focusNext.current || current === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(current)}"]`);
    if (row) {
      focusNext.current = false;
      row.focus({ preventScroll: true });
    }
  });
  const moveTo = (key: string | null) => {
    if (key === null) return;
    setCursor(key);
    focusNext.current = true;
    virtualizer.scrollToIndex(
      rows.findIndex((r) => r.key === key),
      { align: 'auto' },
    );
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const items = rows.filter((r) => r.type === 'item');
    const steps: Record<string, () => string | null> = {
      ArrowDown: () => stepRow(rows, current, 1),
      ArrowUp: () => stepRow(rows, current, -1),
      PageDown: () => stepRow(rows, current, PAGE_STEP),
      PageUp: () => stepRow(rows, current, -PAGE_STEP),
      Home: () => items[0]?.key ?? null,
      End: () => items.at(-1)?.key ?? null,
    };
    const step = steps[event.key];
    if (!step || !(event.target instanceof HTMLElement) || !event.target.dataset['rowKey']) return;
    event.preventDefault();
    moveTo(step());
  };
  const jump = (kind: string) => {
    const index = rows.findIndex((r) => r.type === 'head' && r.section.kind === kind);
    virtualizer.scrollToIndex(index, { align: 'start' });
    moveTo(stepRow(rows.slice(index), null, 0));
  };
  return (
    <>
      <div className="attention-index" role="group" aria-label="Jump to a group">
        <span className="muted">Jump to</span>
        {sections.map((section) => (
          <button
            key={section.kind}
            type="button"
            className="link"
            data-testid="attention-group-count"
            onClick={() => jump(section.kind)}
          >
            {section.title} <span className="count">{section.items.length}</span>
          </button>
        ))}
      </div>
      <div className="attention-scroll" ref={scroller} data-testid="attention-scroll">
        <ul
          className="attention-list"
          aria-label="Notifications"
          onKeyDown={onKeyDown}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((virtual) => {
            const row = rows[virtual.index]!;
            return (
              <li
                key={virtual.key}
                data-index={virtual.index}
                ref={virtualizer.measureElement}
                className="attention-slot"
                style={{ transform: `translateY(${virtual.start}px)` }}
              >
                {row.type === 'head' ? (
                  <GroupHeading section={row.section} onDismiss={onDismiss} />
                ) : (
                  <AttentionRow
                    item={row.item}
                    cursor={row.key === current}
                    onFocus={() => setCursor(row.key)}
                    onDismiss={() => onDismiss([row.item.id])}
                  />
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}

function GroupHeading({ section, onDismiss }: { section: AttentionSection; onDismiss(ids: string[]): void }) {
  const open = section.items.filter((i) => i.status === 'open').map((i) => i.id);
  return (
    <h3 className="attention-group-head" id={`attention-group-${section.kind}`}>
      {section.title} <span className="count">{section.items.length}</span>
      {open.length > 1 && (
        <button type="button" className="link" onClick={() => onDismiss(open)}>
          Dismiss all {open.length}
        </button>
      )}
    </h3>
  );
}

const SEVERITY_WORDS = { critical: 'critical', warning: 'needs you', info: 'info' } as const;
/** A closed item no longer needs anyone: its severity in plain words, its status ("resolved") at the row's end. */
const CLOSED_SEVERITY_WORDS = { critical: 'critical', warning: 'warning', info: 'info' } as const;

function AttentionRow({
  item,
  cursor,
  onFocus,
  onDismiss,
}: {
  item: AttentionItem;
  cursor: boolean;
  onFocus(): void;
  onDismiss(): void;
}) {
  const goTo = useFleet((s) => s.goTo);
  const fleet = useFleet((s) => s.fleet);
  const approval =
    item.approvalId && item.kind === 'approval_pending' ? fleet.approvals[item.approvalId] : undefined;
  const openApproval = useShell((s) => s.openApproval);
  const focusAgent = useShell((s) => s.focusAgent);
  const setLastVisited = useAttention((s) => s.setLastVisited);
  const open = item.status === 'open';
  const tab = cursor ? 0 : -1;
  const answer =
    open && item.approvalId
      ? () => {
          setLastVisited(item.id);
          openApproval(item.approvalId!);
        }
      : null;
  // A decision that was not carried out (kind error, about an item) is answered in the pane: the pane is where to go.
  const goToPane =
    open && item.agentId && (!item.approvalId || item.kind === 'error')
      ? () => {
          setLastVisited(item.id);
          focusAgent(item.agentId!);
          void goTo({ attentionId: item.id, agentId: item.agentId });
        }
      : null;
  // A first task held for want of Switchboard's tools: the human's decision (agent.decideTask), nobody else's.
  const heldTask = open && item.kind === 'task_held' && item.agentId ? item.agentId : null;
  // A turn its pane's end cut off: continued on the human's click only (agent.continueTurn).
  const interrupted = open && item.kind === 'turn_interrupted' && item.agentId ? item.agentId : null;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter') (answer ?? goToPane)?.();
    else if ((event.key === 'Delete' || event.key === 'Backspace') && open) onDismiss();
    else return;
    event.preventDefault();
  };
  return (
    <div
      className={`attention-row severity-${item.severity}${open ? '' : ' closed'}${cursor ? ' cursor' : ''}`}
      data-testid="attention-row"
      data-row-key={item.id}
      data-kind={item.kind}
      data-status={item.status}
      tabIndex={tab}
      onFocus={(event) => event.target === event.currentTarget && onFocus()}
      onKeyDown={onKeyDown}
    >
      <span className="severity">{(open ? SEVERITY_WORDS : CLOSED_SEVERITY_WORDS)[item.severity]}</span>
      <span className="attention-text">
        {/* Built by core from what agents wrote (an approval's summary, a notice): overrides written out, not applied;
            an approval's text split as the queue shows it, the agent's words quoted. */}
        <strong>{bidiShown(item.title)}</strong>{' '}
        <span className="muted">
          {approval ? <ItemLine words={itemWords(fleet, approval)} /> : bidiShown(item.body)}
        </span>
      </span>
      {/* The title names the agent as it was: an item of a closed (or replaced) agent says so, with its id. */}
      {item.agentId && shownName(fleet, item.agentId, item.agentName).gone && (
        <span className="muted attention-agent">
          <AgentName state={fleet} id={item.agentId} recorded={item.agentName} />
        </span>
      )}
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
        {answer && (
          <button type="button" className="secondary" tabIndex={tab} onClick={answer}>
            Answer
          </button>
        )}
        {heldTask && <HeldTaskActions agentId={heldTask} tabIndex={tab} />}
        {interrupted && <ContinueTurnAction agentId={interrupted} tabIndex={tab} />}
        {goToPane && (
          <button type="button" className="secondary" tabIndex={tab} onClick={goToPane}>
            Go to pane
          </button>
        )}
        {open && (
          <button
            type="button"
            className="link"
            tabIndex={tab}
            onClick={onDismiss}
            aria-label={`Dismiss: ${item.title}`}
          >
            Dismiss
          </button>
        )}
      </span>
    </div>
  );
}
