import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ApprovalVerdict } from '@switchboard/protocol';
import { approvalHistory, moveCursor, pendingApprovals, summaryOf } from '../../approvals/approval-selectors';
import { useFleet } from '../store-context';
import { ApprovalHistory } from './approval-history';
import { ApprovalItem } from './approval-item';

/**
 * The approval queue: pending items newest first, decided with the mouse or the keyboard
 * (j/k move, x selects for a batch, a approves, d denies, c writes a comment), then the history.
 */
export function ApprovalQueueView() {
  const fleet = useFleet((s) => s.fleet);
  const decide = useFleet((s) => s.decide);
  const notify = useFleet((s) => s.notify);
  const pending = useMemo(() => pendingApprovals(fleet), [fleet]);
  const history = useMemo(() => approvalHistory(fleet), [fleet]);
  const ids = pending.map((a) => a.id);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const [comments, setComments] = useState<Record<string, string>>({});
  // Items whose decision is on its way: each is guarded on its own, so the next item can be decided as
  // soon as the last one has left the list (the event can arrive before the call returns).
  const [deciding, setDeciding] = useState<ReadonlySet<string>>(() => new Set());
  const inFlight = useRef(new Set<string>());
  const [now, setNow] = useState(() => Date.now());
  const list = useRef<HTMLOListElement>(null);
  const cursor = cursorId !== null && ids.includes(cursorId) ? cursorId : (ids[0] ?? null);
  const batch = ids.filter((id) => checked.has(id));
  const current = pending.find((a) => a.id === cursor);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const run = async (verdict: ApprovalVerdict, targets: string[]) => {
    const fresh = targets.filter((id) => !inFlight.current.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) inFlight.current.add(id);
    setDeciding(new Set(inFlight.current));
    const outcome = await decide(fresh.map((id) => ({ id, verdict, ...(comments[id]?.trim() ? { comment: comments[id].trim() } : {}) })));
    for (const id of fresh) inFlight.current.delete(id);
    setDeciding(new Set(inFlight.current));
    if (!outcome.ok) return notify({ tone: 'error', title: `Could not ${verdict} ${fresh.length === 1 ? 'the item' : `${fresh.length} items`}`, body: outcome.reason, agentId: null });
    setChecked((current) => new Set([...current].filter((id) => !fresh.includes(id))));
    const next = moveCursor(ids.filter((id) => !fresh.includes(id)), cursor, 0);
    setCursorId(next);
  };

  const toggle = (id: string) =>
    setChecked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === 'Escape') list.current?.focus();
      return;
    }
    const targets = batch.length ? batch : cursor ? [cursor] : [];
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        setCursorId(moveCursor(ids, cursor, 1));
        break;
      case 'k':
      case 'ArrowUp':
        setCursorId(moveCursor(ids, cursor, -1));
        break;
      case 'x':
        if (cursor) toggle(cursor);
        break;
      case 'a':
        void run('approve', targets);
        break;
      case 'd':
        void run('deny', targets);
        break;
      case 'c':
        if (cursor) document.getElementById(`comment-${cursor}`)?.focus();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="approvals" data-testid="approval-queue">
      <section className="panel queue" aria-labelledby="queue-title" onKeyDown={onKeyDown}>
        <header className="queue-head">
          <h2 id="queue-title">
            Approval queue <span className="count">{pending.length} pending</span>
          </h2>
          <p className="muted keys">
            <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>a</kbd> approve · <kbd>d</kbd> deny · <kbd>c</kbd> comment
          </p>
          {batch.length > 0 && (
            <div className="batch-bar" aria-label="Batch actions">
              <span>{batch.length} selected</span>
              <button type="button" onClick={() => void run('approve', batch)} disabled={batch.some((id) => deciding.has(id))}>Approve selected</button>
              <button type="button" className="danger" onClick={() => void run('deny', batch)} disabled={batch.some((id) => deciding.has(id))}>Deny selected</button>
              <button type="button" className="link" onClick={() => setChecked(new Set())}>Clear</button>
            </div>
          )}
        </header>
        {pending.length === 0 ? (
          <p className="muted" data-testid="queue-empty">Nothing waits for you. Agents' handoffs, lock requests, permissions and escalations appear here.</p>
        ) : (
          <ol className="queue-list" ref={list} tabIndex={0} aria-label="Pending items">
            {pending.map((approval) => (
              <ApprovalItem
                key={approval.id}
                approval={approval}
                state={fleet}
                now={now}
                current={approval.id === cursor}
                checked={checked.has(approval.id)}
                comment={comments[approval.id] ?? ''}
                busy={deciding.has(approval.id)}
                onFocus={() => setCursorId(approval.id)}
                onToggle={() => toggle(approval.id)}
                onComment={(text) => setComments((c) => ({ ...c, [approval.id]: text }))}
                onDecide={(verdict) => void run(verdict, [approval.id])}
              />
            ))}
          </ol>
        )}
      </section>
      <p className="visually-hidden" aria-live="polite">
        {current ? `Item ${ids.indexOf(current.id) + 1} of ${ids.length}: ${current.kind.replace('_', ' ')}, ${summaryOf(fleet, current)}` : ''}
      </p>
      <ApprovalHistory approvals={history} state={fleet} />
    </div>
  );
}
