import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { verdictButton } from '../../approvals/triage';
import { NEED_LABELS, type NeedsYouEntry } from '../../graph/needs-you';
import { formatAge } from '../../health/format-age';
import { useNow } from '../../shell/use-now';
import { useFleet, useShell } from '../store-context';
import { stateIcons } from './agent-state-label';
import { CardAnswers } from './card-answers';
import { ContinueTurnAction } from '../attention/continue-turn-action';
import { itemText } from '../../approvals/item-words';
import { ItemLine, useItemWords } from '../approvals/item-words-view';
import { useLastLine } from './chart-contexts';
import { useAnswer } from './use-answer';

/** The lane's items carry this attribute; `g` (anywhere) focuses the first. */
export const LANE_ITEM = 'data-lane-index';

const NEXT_KEYS = new Set(['ArrowRight', 'ArrowDown']);
const PREVIOUS_KEYS = new Set(['ArrowLeft', 'ArrowUp']);

function LaneItem({ entry, index, active }: { entry: NeedsYouEntry; index: number; active: boolean }) {
  const { agent, kind, approval, since } = entry;
  const now = useNow();
  const lastLine = useLastLine(agent.id);
  const words = useItemWords(approval);
  const digit = index < 9 ? String(index + 1) : null;
  return (
    <li
      className={`lane-item need-${kind}`}
      {...{ [LANE_ITEM]: index }}
      data-agent={agent.name}
      data-testid="lane-item"
      tabIndex={active ? 0 : -1}
      aria-label={`${agent.name}: ${NEED_LABELS[kind]}${words ? ` — ${itemText(words)}` : ''}, for ${formatAge(now - since)}`}
      aria-keyshortcuts={`${digit ?? ''} Enter Space${approval ? ' a d' : ''}`.trim()}
    >
      <div className="lane-head">
        {digit && (
          <kbd className="lane-key" aria-hidden="true">
            {digit}
          </kbd>
        )}
        <span className="agent-name" title={agent.name}>
          {agent.name}
        </span>
        <span className={`agent-state state-${agent.state}`}>
          <span aria-hidden="true">{stateIcons[agent.state]}</span> {NEED_LABELS[kind]}
        </span>
        <span className="time-in-state">{formatAge(now - since)}</span>
      </div>
      <div className="last-line" title={words ? itemText(words) : (lastLine ?? undefined)}>
        {words ? <ItemLine words={words} /> : (lastLine ?? ' ')}
      </div>
      {approval && words && <CardAnswers approval={approval} agentName={agent.name} words={words} />}
      {kind === 'turn' && (
        <div className="card-answers">
          <ContinueTurnAction agentId={agent.id} tabIndex={active ? 0 : -1} />
        </div>
      )}
    </li>
  );
}

/**
 * "Needs you", pinned above the chart: every agent asking a decision, waiting for input, failed, hung or
 * lost, most pressing first. One Tab stop (roving focus): arrows move, 1–9 jump, Enter opens (the
 * queue on its item, else its pane and card), Space centres its card, `a` / `d` answer its item.
 */
export function NeedsYouLane({ entries }: { entries: NeedsYouEntry[] }) {
  const openApproval = useShell((s) => s.openApproval);
  const focusAgent = useShell((s) => s.focusAgent);
  const focusPane = useFleet((s) => s.focusPane);
  const answer = useAnswer();
  const [activeId, setActiveId] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const activeIndex = Math.max(
    0,
    entries.findIndex((e) => e.agent.id === activeId),
  );

  // Keep the Tab stop on the same agent as the list changes; move the DOM focus along with it.
  const moveTo = (index: number) => {
    const entry = entries[Math.min(Math.max(index, 0), entries.length - 1)];
    if (!entry) return;
    setActiveId(entry.agent.id);
    list.current?.querySelector<HTMLElement>(`[${LANE_ITEM}="${entries.indexOf(entry)}"]`)?.focus();
  };
  const focusedIndex = useRef<number | null>(null);
  useEffect(() => {
    if (focusedIndex.current !== null)
      list.current?.querySelector<HTMLElement>(`[${LANE_ITEM}="${activeIndex}"]`)?.focus();
    focusedIndex.current = null;
  });

  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const entry = entries[activeIndex];
    if (!entry || event.ctrlKey || event.metaKey || event.altKey) return;
    const { key } = event;
    let handled = true;
    if (NEXT_KEYS.has(key)) moveTo(activeIndex + 1);
    else if (PREVIOUS_KEYS.has(key)) moveTo(activeIndex - 1);
    else if (key === 'Home') moveTo(0);
    else if (key === 'End') moveTo(entries.length - 1);
    else if (/^[1-9]$/.test(key)) moveTo(Number(key) - 1);
    else if (key === 'Enter') {
      if (entry.approval) openApproval(entry.approval.id);
      else {
        focusAgent(entry.agent.id);
        void focusPane(entry.agent.id);
      }
    } else if (key === ' ') focusAgent(entry.agent.id);
    else if ((key === 'a' || key === 'd') && entry.approval) {
      focusedIndex.current = activeIndex;
      answer(entry.approval, verdictButton(entry.approval, key === 'a' ? 'approve' : 'deny'));
    } else handled = false;
    if (handled) event.preventDefault();
  };

  return (
    <section className="needs-you-lane" aria-labelledby="needs-you-title" data-testid="needs-you">
      <h2 id="needs-you-title" className="needs-you-title">
        Needs you <span className="count">{entries.length}</span>{' '}
        <kbd title="Focus this list from anywhere">g</kbd>
      </h2>
      {entries.length === 0 ? (
        <p className="muted needs-you-empty">Nothing needs you.</p>
      ) : (
        <ol
          ref={list}
          className="needs-you-list"
          aria-labelledby="needs-you-title"
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            const item = (event.target as HTMLElement).closest(`[${LANE_ITEM}]`);
            const index = Number(item?.getAttribute(LANE_ITEM));
            if (item && entries[index]) setActiveId(entries[index].agent.id);
          }}
        >
          {entries.map((entry, index) => (
            <LaneItem key={entry.agent.id} entry={entry} index={index} active={index === activeIndex} />
          ))}
        </ol>
      )}
    </section>
  );
}
