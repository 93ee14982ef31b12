import { useEffect, useMemo, useRef, useState } from 'react';
import type { Approval, ApprovalVerdict } from '@switchboard/protocol';
import { approvalHistory, moveCursor, pendingApprovals } from '../../approvals/approval-selectors';
import { shownItem } from '../../approvals/item-words';
import { stagedIds, type DecisionInput } from '../../approvals/staged-decisions';
import {
  alwaysAllowPolicy,
  answerLabel,
  batchGroups,
  choiceButtons,
  triageOrder,
  verdictButton,
  type ChoiceButton,
} from '../../approvals/triage';
import { modalOpen, typingInto } from '../../shell/typing-into';
import { callerName } from '../../store/selectors';
import { useFleet, useShell, useStaged } from '../store-context';
import { ApprovalDetail } from './approval-detail';
import { ApprovalHistory } from './approval-history';
import { ApprovalRow } from './approval-row';
import { PolicyList } from './policy-list';
import './triage.css';

const VERB: Record<ApprovalVerdict, string> = { approve: 'Approved', deny: 'Denied' };

/**
 * The approval queue as a triage inbox: compact rows in triage order (deadline, then risk), the current
 * item in a side pane with every answer the CLI offers on keys 1–9, and a 5 s undo on every decision
 * (the decision is only sent when the undo window ends). Keys work as soon as the view shows:
 * j/k move, x selects, a approves, d denies, 1–9 pick an answer, c comments, u undoes.
 */
export function ApprovalQueueView() {
  const fleet = useFleet((s) => s.fleet);
  const client = useFleet((s) => s.client);
  const notify = useFleet((s) => s.notify);
  const entries = useStaged((s) => s.entries);
  const stage = useStaged((s) => s.stage);
  const undo = useStaged((s) => s.undo);
  const queueFocus = useShell((s) => s.queueFocus);
  const [now, setNow] = useState(() => Date.now());
  const held = useMemo(() => stagedIds(entries), [entries]);
  const pending = useMemo(
    () =>
      triageOrder(
        pendingApprovals(fleet).filter((a) => !held.has(a.id)),
        now,
      ),
    [fleet, held, now],
  );
  const history = useMemo(() => approvalHistory(fleet), [fleet]);
  const ids = pending.map((a) => a.id);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const [comments, setComments] = useState<Record<string, string>>({});
  const [commentOpen, setCommentOpen] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const cursor = cursorId !== null && ids.includes(cursorId) ? cursorId : (ids[0] ?? null);
  const batch = ids.filter((id) => checked.has(id));
  const current = pending.find((a) => a.id === cursor);
  const groups = useMemo(() => batchGroups(pending), [pending]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  // "Next thing that needs me" (or a toast) asked for this item.
  useEffect(() => {
    if (queueFocus) setCursorId(queueFocus.approvalId);
  }, [queueFocus]);
  // The list takes the focus when it appears, so arrows and screen readers start there.
  const hasItems = pending.length > 0;
  useEffect(() => {
    if (hasItems) list.current?.focus();
  }, [hasItems]);

  const decisionOf = (approval: Approval, button: ChoiceButton): DecisionInput => {
    const comment = comments[approval.id]?.trim();
    return {
      id: approval.id,
      verdict: button.verdict,
      ...(button.choice ? { choice: button.choice } : {}),
      ...(comment ? { comment } : {}),
    };
  };
  const afterStaging = (done: string[]) => {
    setChecked((before) => new Set([...before].filter((id) => !done.includes(id))));
    setCursorId(
      moveCursor(
        ids.filter((id) => !done.includes(id)),
        cursor,
        0,
      ) ?? null,
    );
    setCommentOpen(null);
    list.current?.focus();
  };
  const answer = (approval: Approval, button: ChoiceButton) => {
    stage([decisionOf(approval, button)], `${answerLabel(button)}: ${shownItem(fleet, approval)}`);
    afterStaging([approval.id]);
  };
  const decideAll = (verdict: ApprovalVerdict, targets: string[]) => {
    const items = pending.filter((a) => targets.includes(a.id));
    if (items.length === 0) return;
    if (items.length === 1) return answer(items[0]!, verdictButton(items[0]!, verdict));
    stage(
      items.map((a) => decisionOf(a, verdictButton(a, verdict))),
      `${VERB[verdict]} ${items.length} items`,
    );
    afterStaging(items.map((a) => a.id));
  };
  const alwaysAllow = async (approval: Approval) => {
    try {
      await client.call('policy.add', alwaysAllowPolicy(approval, callerName(fleet, approval.requester)));
      answer(approval, verdictButton(approval, 'approve'));
    } catch (error) {
      notify({
        tone: 'error',
        title: 'Could not add the policy',
        body: error instanceof Error ? error.message : String(error),
        agentId: null,
      });
    }
  };
  const toggle = (id: string) =>
    setChecked((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  // Keys work from anywhere in the view, without clicking the list first.
  const keys = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keys.current = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingInto(event.target)) {
      if (event.key === 'Escape') {
        setCommentOpen(null);
        list.current?.focus();
      }
      return;
    }
    if (modalOpen()) return;
    const targets = batch.length ? batch : cursor ? [cursor] : [];
    const inList = list.current?.contains(document.activeElement) ?? false;
    if (event.key === 'j' || (inList && event.key === 'ArrowDown')) setCursorId(moveCursor(ids, cursor, 1));
    else if (event.key === 'k' || (inList && event.key === 'ArrowUp'))
      setCursorId(moveCursor(ids, cursor, -1));
    else if (event.key === 'x' || (inList && event.key === ' ')) {
      if (cursor) toggle(cursor);
    } else if (event.key === 'a') decideAll('approve', targets);
    else if (event.key === 'd') decideAll('deny', targets);
    else if (event.key === 'u') undo();
    else if (event.key === 'c' && current) setCommentOpen(current.id);
    else if (/^[1-9]$/.test(event.key) && current && batch.length === 0) {
      const button = choiceButtons(current).find((b) => b.key === event.key);
      if (!button) return;
      answer(current, button);
    } else return;
    event.preventDefault();
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => keys.current(event);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const requesterIds = current ? (groups.byRequester.get(current.requester) ?? []) : [];
  const kindIds = current ? (groups.byKind.get(current.kind) ?? []) : [];
  return (
    <div className="approvals triage" data-testid="approval-queue">
      <section className="panel queue" aria-labelledby="queue-title">
        <header className="queue-head">
          <h2 id="queue-title">
            Approval queue <span className="count">{pending.length} pending</span>
          </h2>
          <p className="muted keys">
            <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>1</kbd>–<kbd>9</kbd> answer · <kbd>a</kbd> approve ·{' '}
            <kbd>d</kbd> deny · <kbd>x</kbd> select · <kbd>c</kbd> comment · <kbd>u</kbd> undo
          </p>
        </header>
        {current && (
          <div className="batch-bar" role="group" aria-label="Batch actions">
            {batch.length > 0 && <span>{batch.length} selected</span>}
            {requesterIds.length > 1 && (
              <button type="button" className="secondary" onClick={() => setChecked(new Set(requesterIds))}>
                Select all from {callerName(fleet, current.requester)} ({requesterIds.length})
              </button>
            )}
            {kindIds.length > 1 && (
              <button type="button" className="secondary" onClick={() => setChecked(new Set(kindIds))}>
                Select all {current.kind.replace('_', ' ')} ({kindIds.length})
              </button>
            )}
            {batch.length > 0 && (
              <>
                <button type="button" onClick={() => decideAll('approve', batch)}>
                  Approve selected
                </button>
                <button type="button" className="danger" onClick={() => decideAll('deny', batch)}>
                  Deny selected
                </button>
                <button type="button" className="link" onClick={() => setChecked(new Set())}>
                  Clear
                </button>
              </>
            )}
          </div>
        )}
        {pending.length === 0 ? (
          <p className="muted" data-testid="queue-empty">
            Nothing waits for you. Agents' handoffs, lock requests, permissions and escalations appear here.
          </p>
        ) : (
          <ol className="queue-list" ref={list} tabIndex={0} aria-label="Pending items">
            {pending.map((approval) => (
              <ApprovalRow
                key={approval.id}
                approval={approval}
                state={fleet}
                now={now}
                current={approval.id === cursor}
                checked={checked.has(approval.id)}
                onSelect={() => setCursorId(approval.id)}
                onToggle={() => toggle(approval.id)}
              />
            ))}
          </ol>
        )}
      </section>
      {current ? (
        <ApprovalDetail
          approval={current}
          state={fleet}
          now={now}
          comment={comments[current.id] ?? ''}
          commentOpen={commentOpen === current.id}
          onComment={(text) => setComments((c) => ({ ...c, [current.id]: text }))}
          onCommentOpen={(open) => setCommentOpen(open ? current.id : null)}
          onDecide={(button) => answer(current, button)}
          onAlwaysAllow={() => void alwaysAllow(current)}
        />
      ) : (
        <section className="panel queue-detail muted" aria-label="Item details">
          Select an item to see its details.
        </section>
      )}
      <p className="visually-hidden" aria-live="polite">
        {current
          ? `Item ${ids.indexOf(current.id) + 1} of ${ids.length}: ${current.kind.replace('_', ' ')}, ${shownItem(fleet, current)}`
          : ''}
      </p>
      <ApprovalHistory approvals={history} state={fleet} />
      <PolicyList />
    </div>
  );
}
