import { useEffect, useState } from 'react';
import { download } from '../search/search-model';
import { useFleet } from '../store-context';

/** A `datetime-local` value (local time, to the second) for a moment. */
function localInput(at: number): string {
  const time = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return time.toISOString().slice(0, 19);
}

/** The bytes of a base64 text (the bundle's archive travels base64-encoded). */
function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The fleet's session for a time range as one download (`recording.bundle`): events, audit entries,
 * messages and every recorded agent's asciicast and transcript, redacted, in a .tar.gz with a manifest.
 * The range starts as the replay's span (or the last hour).
 */
export function BundleExport({ span }: { span: { from: number; to: number } | null }) {
  const client = useFleet((s) => s.client);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; problem: boolean } | null>(null);
  useEffect(() => {
    const end = span?.to ?? Date.now();
    setFrom(localInput(Math.floor((span?.from ?? end - 3_600_000) / 1000) * 1000));
    setTo(localInput(Math.ceil(end / 1000) * 1000 + 1000));
  }, [span]);

  const exportBundle = async () => {
    const range = { from: new Date(from), to: new Date(to) };
    if (Number.isNaN(range.from.getTime()) || Number.isNaN(range.to.getTime()) || range.from > range.to) {
      setStatus({ text: 'Choose a start before the end.', problem: true });
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      const bundle = await client.call('recording.bundle', {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
      });
      download(bundle.fileName, bytesOf(bundle.archive), 'application/gzip');
      const { files, agents, truncated } = bundle.manifest;
      setStatus({
        text: `Saved ${bundle.fileName}: ${files.length} files, ${agents.length} agents${truncated ? ' (cut at the bundle’s size bound: narrow the range)' : ''}.`,
        problem: false,
      });
    } catch (error) {
      setStatus({ text: error instanceof Error ? error.message : String(error), problem: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="bundle-export" aria-labelledby="bundle-title">
      <h3 id="bundle-title">Fleet session bundle</h3>
      <p className="muted">
        Events, audit entries, messages and every agent’s recording (asciicast and text) in a range, redacted,
        as one .tar.gz.
      </p>
      <div className="replay-pick">
        <label>
          From
          <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" disabled={busy} onClick={() => void exportBundle()}>
          {busy ? 'Packing…' : 'Export bundle'}
        </button>
      </div>
      {status && (
        <p role={status.problem ? 'alert' : 'status'} className={status.problem ? 'form-problem' : 'muted'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
