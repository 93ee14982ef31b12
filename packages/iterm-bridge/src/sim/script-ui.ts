import type { JsonValue } from './profiles';

/** A modal iTerm2 would show for `iterm2.alert` / `iterm2.get_string`; a test hook plays the person. */
export interface Dialog {
  kind: 'alert' | 'text';
  title: string;
  subtitle: string;
  /** Alert buttons, in order (iTerm2 adds OK when none are given). */
  buttons: string[];
  placeholder?: string;
  defaultValue?: string;
  windowId?: string;
  /** Alert: a button's index or title (answers 1000 + index, NSAlertFirstButtonReturn onwards); text: the string typed. */
  answer(value: number | string): void;
}

/** Dialogs waiting for an answer, in the order they opened. */
export class DialogQueue {
  private readonly open: Dialog[] = [];
  private readonly waiters: ((d: Dialog) => void)[] = [];

  /** Shows a dialog; resolves with what iTerm2 would return for the person's answer. */
  show(spec: Omit<Dialog, 'answer'>): Promise<JsonValue> {
    return new Promise((resolve) => {
      const dialog: Dialog = {
        ...spec,
        answer: (value) => {
          const at = this.open.indexOf(dialog);
          if (at < 0) return;
          this.open.splice(at, 1);
          if (spec.kind === 'text') return resolve(String(value));
          const index = typeof value === 'number' ? value : spec.buttons.indexOf(value);
          resolve(1000 + Math.max(0, index));
        },
      };
      this.open.push(dialog);
      this.waiters.shift()?.(dialog);
    });
  }

  /** The oldest unanswered dialog, or the next one to open. */
  next(): Promise<Dialog> {
    const first = this.open.find(() => true);
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  pending(): readonly Dialog[] {
    return this.open;
  }

  /** On shutdown every open dialog is dismissed (the first button / the default text). */
  close(): void {
    for (const d of [...this.open]) d.answer(d.kind === 'text' ? (d.defaultValue ?? '') : 0);
  }
}

/** `iterm2.set_status_bar_component_unread_count`: per component, for all sessions or one. */
export class UnreadCounts {
  private readonly all = new Map<string, number>();
  private readonly perSession = new Map<string, number>();

  set(identifier: string, count: number, sessionId?: string): void {
    if (sessionId === undefined) {
      this.all.set(identifier, count);
      for (const key of this.perSession.keys())
        if (key.startsWith(`${identifier}\n`)) this.perSession.delete(key);
    } else this.perSession.set(`${identifier}\n${sessionId}`, count);
  }

  get(identifier: string, sessionId: string): number {
    return this.perSession.get(`${identifier}\n${sessionId}`) ?? this.all.get(identifier) ?? 0;
  }
}
