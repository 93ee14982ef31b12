import { useState, type FormEvent } from 'react';
import { MessageKind, SwitchboardError } from '@switchboard/protocol';
import { useFleet } from '../store-context';

const KINDS = MessageKind.options.filter((kind) => kind !== 'handoff' && kind !== 'reply');

/** Sends the agent a message as the human (message.send): it lands in the agent's inbox. */
export function SendMessageForm({ agentId, agentName }: { agentId: string; agentName: string }) {
  const client = useFleet((s) => s.client);
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<MessageKind>('instruction');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    try {
      await client.call('message.send', { to: { agent: agentId }, body, kind });
      setBody('');
      setOutcome({ ok: true, text: `Sent to ${agentName}.` });
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof SwitchboardError ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel send-message" onSubmit={(e) => void submit(e)} aria-labelledby="send-heading">
      <h3 id="send-heading">Send a message</h3>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as MessageKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        Message to {agentName}
        <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} maxLength={32_000} />
      </label>
      <button type="submit" disabled={busy || !body.trim()}>
        Send
      </button>
      {outcome && (
        <p role="status" className={outcome.ok ? 'muted' : 'mirror-error'}>
          {outcome.text}
        </p>
      )}
    </form>
  );
}
