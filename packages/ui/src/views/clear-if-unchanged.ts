import type { Dispatch, SetStateAction } from 'react';

/**
 * After a form's command succeeded: empties its name field, unless the person has typed another name while the
 * host was answering (a slow answer wiped the next name, and the emptied field disabled its button).
 */
export function clearIfUnchanged(set: Dispatch<SetStateAction<string>>, submitted: string): void {
  set((current) => (current === submitted ? '' : current));
}
