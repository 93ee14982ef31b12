import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { HUMAN_INBOX, SwitchboardError, type Message } from '@switchboard/protocol';
import { shownBody } from '../shown-text';
import {
  inboxOf,
  isUnread,
  loadInbox,
  markAllRead,
  markRead,
  newestCursor,
  replyTo,
  touchesHumanInbox,
} from '../../inbox/human-inbox';
import { callerName } from '../../store/selectors';
import { AgentName } from '../agent-name';
import { clockTime } from '../agent-detail/agent-detail-model';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useFleet } from '../store-context';
import { ProblemAlert } from '../problem-alert';
import './inbox.css';

const problemOf = (error: unknown) => (error instanceof SwitchboardError ? error.message : String(error));

/**
 * The person's inbox: what agents sent the human (message.send to `{ human: true }`), unread first. Mark one
 * or all read (message.ack), reply (a `reply` to the sender, which also marks it read); read ones leave the
 * unread list and stay under "Read". The unread count is the host's (message.status), not the listed page's.
 */
export function InboxView() {
  const unreadCount = useFleet((s) => s.fleet.inboxes[HUMAN_INBOX]?.depth ?? 0);
  const { data, problem } = useLiveQuery('human-inbox', loadInbox, touchesHumanInbox);
  const retention = useLiveQuery(
    'retention',
    (c) => c.call('retention.get', {}),
    (e) => e.type === 'retention.swept',
  ).data;
  const dropped = retention?.droppedTotal.humanInbox ?? 0;
  const client = useFleet((s) => s.client);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [showRead, setShowRead] = useState(false);
  // Marked read here: out of the unread list at once, before the host's answer and the list's re-read.
  const [settled, setSettled] = useState<ReadonlySet<string>>(() => new Set());
  const inbox = inboxOf(data?.messages ?? []);
  const unread = inbox.unread.filter((m) => !settled.has(m.id));
  const settle = (id: string, read: boolean) =>
    setSettled((before) => {
      const next = new Set(before);
      if (read) next.add(id);
      else next.delete(id);
      return next;
    });

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const markOne = (m: Message) => {
    settle(m.id, true);
    void run(() =>
      markRead(client, [m.id]).catch((error: unknown) => {
        settle(m.id, false);
        throw error;
      }),
    );
  };

  return (
    <section className="inbox-view" aria-labelledby="inbox-title">
      <div className="inbox-head">
        <h2 id="inbox-title" tabIndex={-1}>
          Inbox
        </h2>
        <span className="inbox-count" data-testid="inbox-unread" aria-live="polite">
          {unreadCount === 0 ? 'Nothing unread' : `${unreadCount} unread`}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={busy || unreadCount === 0}
          onClick={() => void run(() => markAllRead(client, newestCursor(data?.messages ?? [])))}
        >
          Mark all read
        </button>
        <label className="inbox-show-read">
          <input type="checkbox" checked={showRead} onChange={(e) => setShowRead(e.target.checked)} />
          Show read ({inbox.read.length})
        </label>
      </div>
      <ProblemAlert problem={failure ?? (data ? null : problem)} />
      {data === null ? (
        <p className="muted">{problem ? '' : 'Loading…'}</p>
      ) : unread.length === 0 ? (
        <p className="muted" data-testid="inbox-empty">
          No unread messages. Agents write here with message_send to the human.
        </p>
      ) : (
        <MessageList
          label="Unread messages"
          messages={unread}
          onMarkRead={markOne}
          onReplied={(m) => settle(m.id, true)}
          onFailure={setFailure}
        />
      )}
      {data?.hasMore && <p className="muted">Older messages not listed (the newest 200 are).</p>}
      {dropped > 0 && (
        <p className="muted" data-testid="inbox-dropped">
          {dropped.toLocaleString('en-US')} older unread message{dropped === 1 ? ' was' : 's were'} dropped:
          the inbox keeps the newest {(retention?.limits.humanInbox?.maxRows ?? 0).toLocaleString('en-US')}{' '}
          unread (Manage → Storage).
        </p>
      )}
      {showRead && <MessageList label="Read messages" messages={inbox.read} onFailure={setFailure} />}
    </section>
  );
}

function MessageList({
  label,
  messages,
  onMarkRead,
  onReplied,
  onFailure,
}: {
  label: string;
  messages: Message[];
  onMarkRead?(message: Message): void;
  /** A reply was sent (it marks the message read). */
  onReplied?(message: Message): void;
  onFailure(problem: string): void;
}) {
  const fleet = useFleet((s) => s.fleet);
  const [replying, setReplying] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  // Where the keyboard goes once a message it acted on has left the list (marked read, answered): the next one's
  // first button (the one before when it was the last), else the view's heading; never the page's body.
  const leaving = useRef<{ id: string; index: number } | null>(null);
  const focusAfterLeaving = (id: string, index: number) => (leaving.current = { id, index });
  useLayoutEffect(() => {
    const left = leaving.current;
    if (!left || messages.some((m) => m.id === left.id)) return;
    leaving.current = null;
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[data-testid="inbox-message"]') ?? [])];
    const target = items[Math.min(left.index, items.length - 1)]?.querySelector<HTMLElement>('button');
    (target ?? document.getElementById('inbox-title'))?.focus();
  }, [messages]);
  // The last unread one left: the list goes, the keyboard goes to the heading.
  useLayoutEffect(
    () => () => {
      if (leaving.current) document.getElementById('inbox-title')?.focus();
    },
    [],
  );
  return (
    <ol className="inbox-list" aria-label={label} ref={list}>
      {messages.map((m, index) => {
        const from = callerName(fleet, m.senderId);
        return (
          <li
            key={m.id}
            className={`inbox-item${isUnread(m) ? ' unread' : ''}`}
            data-testid="inbox-message"
            data-state={m.state}
          >
            <div className="inbox-meta">
              <span className="inbox-from">
                <AgentName state={fleet} id={m.senderId} />
              </span>
              <span className="kind-chip">{m.kind}</span>
              {(m.priority === 'high' || m.priority === 'urgent') && (
                <span className={`inbox-priority ${m.priority}`}>{m.priority}</span>
              )}
              <time className="muted" dateTime={m.createdAt}>
                {clockTime(m.createdAt)}
              </time>
            </div>
            <p className="inbox-body">{shownBody(m.body)}</p>
            <div className="inbox-actions">
              {onMarkRead && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    focusAfterLeaving(m.id, index);
                    onMarkRead(m);
                  }}
                >
                  Mark read<span className="visually-hidden">: message from {from}</span>
                </button>
              )}
              <button
                type="button"
                className="secondary"
                aria-expanded={replying === m.id}
                onClick={() => setReplying(replying === m.id ? null : m.id)}
              >
                Reply<span className="visually-hidden"> to {from}</span>
              </button>
            </div>
            {replying === m.id && (
              <ReplyForm
                message={m}
                to={from}
                onDone={(sent) => {
                  setReplying(null);
                  if (sent && onReplied && isUnread(m)) {
                    focusAfterLeaving(m.id, index);
                    onReplied(m);
                    return;
                  }
                  // Cancelled (Escape, Cancel) or the message stays listed: back to its Reply button, not the page's
                  // body (the next Tab started from the top of the page).
                  const item = list.current?.querySelectorAll('[data-testid="inbox-message"]').item(index);
                  item?.querySelector<HTMLElement>('button[aria-expanded]')?.focus();
                }}
                onFailure={onFailure}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}

function ReplyForm({
  message,
  to,
  onDone,
  onFailure,
}: {
  message: Message;
  to: string;
  /** `sent`: the reply went out (else cancelled). */
  onDone(sent: boolean): void;
  onFailure(problem: string): void;
}) {
  const client = useFleet((s) => s.client);
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setSending(true);
    try {
      await replyTo(client, message, body);
      onDone(true);
    } catch (error) {
      onFailure(problemOf(error));
      setSending(false);
    }
  };
  return (
    <form className="inbox-reply" onSubmit={(e) => void submit(e)}>
      <label>
        Reply to {to}
        <textarea
          rows={2}
          value={body}
          maxLength={32_000}
          autoFocus
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onDone(false);
          }}
        />
      </label>
      <div className="inbox-actions">
        <button type="submit" disabled={sending || !body.trim()}>
          Send reply
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
