import { KeystrokeNotification_Action, NotificationType } from '../gen/api_pb';
import { keyEvent, matchesPattern, type KeyEvent, type KeyPress } from './keyboard';
import type { Notifier } from './notifications';
import type { SimSession } from './session';

/** The key a typed character comes from (control characters are Control-letter, as on a keyboard). */
export function pressOf(ch: string): KeyPress | undefined {
  const named: Record<string, string> = {
    '\r': 'Return',
    '\n': 'Return',
    '\t': 'Tab',
    '\x1b': 'Escape',
    '\x7f': 'Backspace',
  };
  if (named[ch]) return { key: named[ch]! };
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code >= 1 && code <= 26)
    return { key: String.fromCharCode(code + 96), modifiers: ['control'] };
  return undefined;
}

/**
 * Delivers key presses as iTerm2 does: every key-down goes to the session's keystroke monitors (key-up
 * too for `advanced` ones), then to the program unless a keystroke filter's pattern matches it.
 * Returns the bytes the program received.
 */
export function deliverKeys(notifier: Notifier, session: SimSession, events: KeyEvent[]): string {
  let written = '';
  for (const event of events) {
    let filtered = false;
    for (const c of notifier.connections) {
      const filter = c.sessionSubscription(NotificationType.KEYSTROKE_FILTER, session.id);
      if (filter?.patternsToIgnore?.some((p) => matchesPattern(event, p))) filtered = true;
      const monitor = c.sessionSubscription(NotificationType.NOTIFY_ON_KEYSTROKE, session.id);
      if (!monitor) continue;
      const actions = [KeystrokeNotification_Action.KEY_DOWN];
      if (monitor.advancedKeystrokes) actions.push(KeystrokeNotification_Action.KEY_UP);
      for (const action of actions)
        c.notify((n) => {
          n.keystrokeNotification = {
            $typeName: 'iterm2.KeystrokeNotification',
            characters: event.characters,
            charactersIgnoringModifiers: event.charactersIgnoringModifiers,
            modifiers: event.modifiers,
            keyCode: event.keyCode,
            session: session.id,
            action,
          };
        });
    }
    if (!filtered) written += event.bytes;
  }
  if (written) session.write(written);
  return written;
}

/** Events for typed text: known keys with their real codes, anything else (e.g. `é`) as key code 0. */
export function typedEvents(session: SimSession, text: string): KeyEvent[] {
  return [...text].map((ch) => {
    const press = pressOf(ch) ?? { key: ch };
    try {
      return keyEventFor(session, press);
    } catch {
      return { characters: ch, charactersIgnoringModifiers: ch, keyCode: 0, modifiers: [], bytes: ch };
    }
  });
}

/** The event for a press in this session's terminal modes and profile. */
export function keyEventFor(session: SimSession, press: KeyPress): KeyEvent {
  return keyEvent(
    press,
    session.term.modes.applicationCursorKeysMode,
    session.setting('Option Key Sends') === 2,
  );
}
