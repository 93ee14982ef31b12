import { useEffect, useRef } from 'react';
import { modalOpen, typingInto } from './typing-into';

/**
 * A one-key shortcut (`g`, `n`, `u`): `key` pressed with no Ctrl, Meta or Alt, outside a text field and while no
 * modal has the keyboard, runs the latest `run` given (one document listener for the component's life).
 */
export function useBareKey(key: string, run: () => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== key || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented)
        return;
      if (typingInto(event.target) || modalOpen()) return;
      event.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [key]);
}
