import type { EdgeMessages } from '../../flow/flow-store';
import type { FleetState } from '../../store/fleet-state';
import { callerName } from '../../store/selectors';
import { shownBody } from '../shown-text';

const MAX_BODY = 600;

/** The messages between the two agents of a clicked edge, both directions, newest first. */
export function EdgeMessagesPanel({
  selected,
  fleet,
  onClose,
}: {
  selected: EdgeMessages;
  fleet: FleetState;
  onClose(): void;
}) {
  const from = callerName(fleet, selected.from);
  const to = callerName(fleet, selected.to);
  return (
    <section
      className="panel edge-messages"
      aria-labelledby="edge-messages-title"
      data-testid="edge-messages"
    >
      <div className="edge-messages-head">
        <h3 id="edge-messages-title">
          {from} ⇄ {to}
        </h3>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
      {selected.error && <p role="alert">{selected.error}</p>}
      {selected.messages === null ? (
        <p className="muted">Loading…</p>
      ) : selected.messages.length === 0 ? (
        <p className="muted">No messages in this window.</p>
      ) : (
        <ol className="message-list">
          {selected.messages.map((message) => (
            <li key={message.id} data-testid="edge-message">
              <div className="message-meta">
                <span className={`kind-chip message-kind message-kind-${message.kind}`}>{message.kind}</span>
                <span>
                  {callerName(fleet, message.senderId)} → {callerName(fleet, message.recipientId)}
                </span>
                <time dateTime={message.createdAt} className="muted">
                  {new Date(message.createdAt).toLocaleTimeString()}
                </time>
                <span className="muted">{message.state}</span>
              </div>
              <p className="message-body">{shownBody(message.body, MAX_BODY)}</p>
            </li>
          ))}
        </ol>
      )}
      {selected.hasMore && <p className="muted">Older messages not shown (message.history pages by 100).</p>}
    </section>
  );
}
