import { useEffect, useMemo } from 'react';
import { bidiShown } from '@switchboard/protocol';
import { stagedIds } from '../approvals/staged-decisions';
import { groupNotices, type Notice, type NoticeGroup } from '../store/attention';
import { ItemLine, useItemWords } from '../views/approvals/item-words-view';
import { ContinueTurnAction } from '../views/attention/continue-turn-action';
import { shownWords } from '../views/shown-text';
import { useFleet, useShell, useStaged } from '../views/store-context';

const TOAST_MS = 10_000;

/**
 * The core's notifications (attention.raised) and the UI's own refusals, bottom right; toasts of one
 * group show as one. "Go to pane" asks the host to focus the exact pane (attention.goTo); the agent is
 * selected when the host says it focused it (attention.focused), whoever asked. A toast about an approval the
 * person has just answered is hidden while the answer waits out its undo window (it is answered; Undo brings it back).
 */
export function Toasts() {
  const notices = useFleet((s) => s.notices);
  const focused = useFleet((s) => s.focused);
  const focusAgent = useShell((s) => s.focusAgent);
  const entries = useStaged((s) => s.entries);
  const groups = useMemo(() => {
    const answered = stagedIds(entries);
    return groupNotices(notices.filter((n) => n.approvalId === undefined || !answered.has(n.approvalId)));
  }, [notices, entries]);
  useEffect(() => {
    if (focused) focusAgent(focused.agentId);
  }, [focused, focusAgent]);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {groups.map((group) => (
        <Toast key={group.key} group={group} />
      ))}
    </section>
  );
}

function Toast({ group }: { group: NoticeGroup }) {
  const dismiss = useFleet((s) => s.dismissNotice);
  const goTo = useFleet((s) => s.goTo);
  const focusPane = useFleet((s) => s.focusPane);
  const focusAgent = useShell((s) => s.focusAgent);
  const setView = useShell((s) => s.setView);
  const newest = group.notices[0]!;
  const ids = group.notices.map((n) => n.id).join(' ');
  useEffect(() => {
    const timer = setTimeout(() => ids.split(' ').forEach((id) => dismiss(id)), TOAST_MS);
    return () => clearTimeout(timer);
  }, [dismiss, ids]);
  const dismissAll = (everywhere: boolean) => group.notices.forEach((n) => dismiss(n.id, everywhere));
  const tone = group.notices.some((n) => n.tone === 'error') ? 'error' : newest.tone;
  const single = group.notices.length === 1;
  return (
    <div className={`toast toast-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      <strong>{bidiShown(group.title)}</strong>
      {single ? (
        <ToastBody notice={newest} />
      ) : (
        <span>{bidiShown(group.notices.map((n) => n.title).join(' · '))}</span>
      )}
      <div className="toast-actions">
        {group.notices.some((n) => n.queue) && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setView('approvals');
              dismissAll(false);
            }}
          >
            Open queue
          </button>
        )}
        {newest.agentId && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              if (newest.attentionId) void goTo(newest);
              else {
                focusAgent(newest.agentId!);
                void focusPane(newest.agentId!);
              }
              dismiss(newest.id);
            }}
          >
            Go to pane
          </button>
        )}
        {single && newest.continueTurn && newest.agentId && <ContinueTurnAction agentId={newest.agentId} />}
        <button type="button" className="link" onClick={() => dismissAll(true)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** A toast's text; for an approval, whose words are whose (the agent's quoted), as the queue shows it. */
function ToastBody({ notice }: { notice: Notice }) {
  const approval = useFleet((s) =>
    notice.approvalId ? (s.fleet.approvals[notice.approvalId] ?? null) : null,
  );
  const words = useItemWords(approval);
  if (words) {
    return (
      <span>
        <ItemLine words={words} />
      </span>
    );
  }
  if (notice.agentWords)
    return (
      <span>
        <q className="agent-words" data-testid="agent-words-inline">
          {shownWords(notice.body, 600)}
        </q>
      </span>
    );
  return <span>{bidiShown(notice.body)}</span>;
}
