import { useState, type ReactNode } from 'react';

/**
 * A destructive action that asks first: the button turns into "question? Yes / Cancel" in place, with
 * the focus on Yes; nothing runs until Yes.
 */
export function ConfirmButton({
  label,
  question,
  yes,
  onConfirm,
  disabled,
  title,
}: {
  label: string;
  question: ReactNode;
  yes: string;
  onConfirm(): void | Promise<unknown>;
  disabled?: boolean;
  title?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="danger"
        disabled={disabled}
        title={title}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span role="group" aria-label={`Confirm: ${label}`} className="confirm-inline">
      <span>{question}</span>
      <button
        type="button"
        className="danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          void onConfirm();
        }}
      >
        {yes}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
