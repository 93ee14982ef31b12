import { useEffect } from 'react';
import type { Notice } from '../store/attention';
import { useFleet, useShell } from '../views/store-context';

const TOAST_MS = 10_000;

/** Attention events and refusals, bottom right; "Go to pane" brings the agent into view. */
export function Toasts() {
  const notices = useFleet((s) => s.notices);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {notices.map((notice) => (
        <Toast key={notice.id} notice={notice} />
      ))}
    </section>
  );
}

function Toast({ notice }: { notice: Notice }) {
  const dismiss = useFleet((s) => s.dismissNotice);
  const focusAgent = useShell((s) => s.focusAgent);
  const focusPane = useFleet((s) => s.focusPane);
  const setView = useShell((s) => s.setView);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [dismiss, notice.id]);
  return (
    <div className={`toast toast-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      <strong>{notice.title}</strong>
      <span>{notice.body}</span>
      <div className="toast-actions">
        {notice.queue && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setView('approvals');
              dismiss(notice.id);
            }}
          >
            Open queue
          </button>
        )}
        {notice.agentId && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              focusAgent(notice.agentId!);
              void focusPane(notice.agentId!);
              dismiss(notice.id);
            }}
          >
            Go to pane
          </button>
        )}
        <button type="button" className="link" onClick={() => dismiss(notice.id)}>Dismiss</button>
      </div>
    </div>
  );
}
