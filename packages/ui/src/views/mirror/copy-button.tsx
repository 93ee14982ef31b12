import { useState } from 'react';

/** Copies what `text()` gives to the clipboard, and says so (or why it could not). */
export function CopyButton({
  text,
  label = 'Copy',
  what,
}: {
  text: () => string;
  label?: string;
  what: string;
}) {
  const [note, setNote] = useState<string | null>(null);
  const copy = async () => {
    const value = text();
    try {
      await navigator.clipboard.writeText(value);
      const lines = value ? value.split('\n').length : 0;
      setNote(`Copied ${lines} line${lines === 1 ? '' : 's'}`);
    } catch (error) {
      setNote(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void copy()} aria-label={`${label} ${what}`}>
        {label}
      </button>
      {note && (
        <span className="mirror-note" role="status">
          {note}
        </span>
      )}
    </>
  );
}
