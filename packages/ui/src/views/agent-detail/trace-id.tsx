import { useState } from 'react';

/**
 * An OpenTelemetry trace id, shortened on screen (the full id in the title and in what is copied), with
 * a button that copies it for the tracing backend's search box.
 */
export function TraceId({ traceId, label = 'trace' }: { traceId: string; label?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(traceId);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <span className="trace-id" data-testid="trace-id">
      <span className="muted">{label}</span> <code title={traceId}>{traceId.slice(0, 12)}…</code>
      <button
        type="button"
        className="secondary small"
        onClick={() => void copy()}
        aria-label={`Copy trace id ${traceId}`}
      >
        Copy
      </button>
      {copied && (
        <span role="status" className="muted">
          {copied === 'yes' ? 'Copied' : 'Could not copy'}
        </span>
      )}
    </span>
  );
}
