import type { Message } from '@switchboard/protocol';
import { shownBody } from '../shown-text';
import { callerName } from '../../store/selectors';
import { useFleet } from '../store-context';
import { clockTime, lastTraceOf, mailOf, touchesMail } from './agent-detail-model';
import { TraceId } from './trace-id';
import { useLiveQuery } from './use-live-query';

const HISTORY_LIMIT = 100;

/** The agent's inbox and outbox from message.history, refreshed when messages move, with their trace ids (and the last one on top). */
export function AgentMail({ agentId }: { agentId: string }) {
  const fleet = useFleet((s) => s.fleet);
  const { data: messages, problem } = useLiveQuery(
    agentId,
    async (c) => (await c.call('message.history', { agent: agentId, limit: HISTORY_LIMIT })).messages,
    touchesMail,
  );

  const mail = mailOf(messages ?? [], agentId);
  const lastTrace = lastTraceOf(mail);
  const list = (title: string, items: Message[], party: (m: Message) => string, id: string) => (
    <section className="panel mail" aria-labelledby={id}>
      <h3 id={id}>
        {title} <span className="muted">({items.length})</span>
      </h3>
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
                <time className="muted" dateTime={m.createdAt}>
                  {clockTime(m.createdAt)}
                </time>
                {m.traceId && <TraceId traceId={m.traceId} />}
              </div>
              <p className="mail-body">{shownBody(m.body)}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
  return (
    <>
      {lastTrace && (
        <section className="panel last-trace" aria-labelledby="last-trace-heading" data-testid="last-trace">
          <h3 id="last-trace-heading">Last trace</h3>
          <TraceId traceId={lastTrace.traceId} label={`message at ${clockTime(lastTrace.createdAt)}:`} />
        </section>
      )}
      {list('Inbox', mail.inbox, (m) => `from ${callerName(fleet, m.senderId)}`, 'inbox-heading')}
      {list('Outbox', mail.outbox, (m) => `to ${callerName(fleet, m.recipientId)}`, 'outbox-heading')}
    </>
  );
}
