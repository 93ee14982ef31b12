import type { Message } from '@switchboard/protocol';
import { shownBody } from '../shown-text';
import { heldReason, loadHeldDeliveries, touchesHeldDeliveries } from '../../attention/held-deliveries';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { callerName } from '../../store/selectors';
import { useFleet, useShell } from '../store-context';

/** A held message's text is shown up to this many characters (all of it in the row's title). */
const BODY_SHOWN = 240;

/**
 * Messages whose delivery into the recipient's pane the input gate holds (a permission prompt is up, or the
 * human is typing there): who for, from whom, the text (as text, never markup), why and since when; Answer
 * opens the prompt's item in the queue, Go to pane focuses the pane. Read with the human's commands only
 * (loadHeldDeliveries); gone once delivered, expired or failed.
 */
export function HeldDeliveriesPanel() {
  const { data, problem } = useLiveQuery('held-deliveries', loadHeldDeliveries, touchesHeldDeliveries);
  if (problem) return <p role="alert">Held deliveries could not be read: {problem}</p>;
  if (!data || data.length === 0) return null;
  return (
    <section
      className="held-deliveries"
      aria-labelledby="held-deliveries-title"
      data-testid="held-deliveries"
    >
      <h3 id="held-deliveries-title" className="attention-group-head">
        Held message deliveries <span className="count">{data.length}</span>
      </h3>
      <ul className="attention-list">
        {data.map((message) => (
          <HeldDeliveryRow key={`${message.id}:${message.recipientId}`} message={message} />
        ))}
      </ul>
    </section>
  );
}

function HeldDeliveryRow({ message }: { message: Message }) {
  const fleet = useFleet((s) => s.fleet);
  const approvals = fleet.approvals;
  const focusPane = useFleet((s) => s.focusPane);
  const focusAgent = useShell((s) => s.focusAgent);
  const openApproval = useShell((s) => s.openApproval);
  // As every view names a record's agent: "you", a live agent's name, a closed one's marked "(closed)".
  const nameOf = (id: string) => callerName(fleet, id);
  const recipient = nameOf(message.recipientId);
  // The recipient's pending item (its permission prompt) is what releases the hold.
  const prompt = Object.values(approvals).find(
    (a) => a.status === 'pending' && a.requester === message.recipientId,
  );
  const reason = heldReason(message);
  return (
    <li
      className="attention-row severity-warning"
      data-testid="held-delivery"
      data-agent={recipient}
      data-message={message.id}
    >
      <span className="severity">held</span>
      <span className="attention-text">
        <strong>
          To {recipient} from {nameOf(message.senderId)}
        </strong>{' '}
        <span className="muted">({message.kind})</span>{' '}
        <q className="held-body" title={shownBody(message.body)} data-testid="held-body">
          {shownBody(message.body, BODY_SHOWN)}
        </q>
        {reason && (
          <span className="held-reason muted" data-testid="held-reason">
            {' '}
            — {reason}
          </span>
        )}
      </span>
      <time className="muted" dateTime={message.createdAt}>
        {new Date(message.createdAt).toLocaleTimeString()}
      </time>
      <span className="attention-actions">
        {prompt && (
          <button type="button" className="secondary" onClick={() => openApproval(prompt.id)}>
            Answer
          </button>
        )}
        {fleet.agents[message.recipientId] && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              focusAgent(message.recipientId);
              void focusPane(message.recipientId);
            }}
            aria-label={`Go to pane: ${recipient}`}
          >
            Go to pane
          </button>
        )}
      </span>
    </li>
  );
}
