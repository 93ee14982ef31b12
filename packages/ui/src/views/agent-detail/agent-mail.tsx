import { useEffect, useState } from 'react';
import type { Message } from '@switchboard/protocol';
import { callerName } from '../../store/selectors';
import { useFleet } from '../store-context';
import { clockTime, mailOf, touchesMail } from './agent-detail-model';

const HISTORY_LIMIT = 100;
const REFRESH_MS = 200;

/** The agent's inbox and outbox from message.history, refreshed when messages move. */
export function AgentMail({ agentId }: { agentId: string }) {
  const client = useFleet((s) => s.client);
  const fleet = useFleet((s) => s.fleet);
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      client.call('message.history', { agent: agentId, limit: HISTORY_LIMIT }).then(
        (answer) => live && (setMessages(answer.messages), setProblem(null)),
        (error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)),
      );
    void load();
    const stop = client.onEvent((event) => {
      if (!touchesMail(event)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void load(), REFRESH_MS);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      stop();
    };
  }, [client, agentId]);

  const mail = mailOf(messages ?? [], agentId);
  const list = (title: string, items: Message[], party: (m: Message) => string, id: string) => (
    <section className="panel mail" aria-labelledby={id}>
      <h3 id={id}>{title} <span className="muted">({items.length})</span></h3>
      {messages === null ? (
        <p className="muted">{problem ?? 'Loading…'}</p>
      ) : items.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ol className="mail-list">
          {items.map((m) => (
            <li key={`${m.id}:${m.recipientId}`} className="mail-item">
              <div className="mail-meta">
                <span>{party(m)}</span>
                <span className="kind-chip">{m.kind}</span>
                <span className="muted">{m.state}</span>
                <time className="muted" dateTime={m.createdAt}>{clockTime(m.createdAt)}</time>
              </div>
              <p className="mail-body">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
  return (
    <>
      {list('Inbox', mail.inbox, (m) => `from ${callerName(fleet, m.senderId)}`, 'inbox-heading')}
      {list('Outbox', mail.outbox, (m) => `to ${callerName(fleet, m.recipientId)}`, 'outbox-heading')}
    </>
  );
}
