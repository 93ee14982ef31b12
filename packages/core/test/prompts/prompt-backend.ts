import { KEY_BYTES } from '@switchboard/protocol';
import { scriptedBackend } from '../health/scripted-backend';

// Named keys come first in the table and win where a control character has the same byte (enter = ctrl+m).
const KEY_NAMES = new Map<string, string>(
  Object.entries(KEY_BYTES)
    .reverse()
    .map(([name, bytes]) => [bytes, name]),
);

/**
 * The scripted backend that also records what is typed into each pane (key names for known key
 * bytes, text otherwise) and lets a test react to it, as a CLI would (e.g. clear the prompt on Enter).
 */
export function promptBackend() {
  const scripted = scriptedBackend();
  const typed = new Map<string, string[]>();
  let react: (paneId: string, input: string) => void = () => undefined;
  const backend = {
    ...scripted.backend,
    async sendText(paneId: string, text: string) {
      const input = KEY_NAMES.get(text) ?? text;
      typed.set(paneId, [...(typed.get(paneId) ?? []), input]);
      react(paneId, input);
    },
  };
  return {
    ...scripted,
    backend,
    typed: (paneId: string) => typed.get(paneId) ?? [],
    onTyped(reaction: (paneId: string, input: string) => void) {
      react = reaction;
    },
  };
}
