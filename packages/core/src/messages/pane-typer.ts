import { SwitchboardError } from '@switchboard/protocol';
import type {
  GateResult,
  PaneBlock,
  PaneInputGate,
  PaneWrite,
  WriteOrigin,
} from '../panes/input-gate/pane-input-gate';
import type { Clock } from '../ports/clock';
import type { ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import { paneTypingsOf, type PaneTypings } from './pane-typings';

export interface PaneTyperOptions {
  /** Pause between typing the text and pressing the submit key (a paste must land before Enter). */
  settleMs: number;
  /**
   * How long the typed text may take to show before the submit key goes anyway (a program that never echoes).
   * A starved TUI reads "text" and a quick "\r" in one chunk, as a paste holding a newline: that Enter is lost, and
   * the text showing late would look like the submission's screen change.
   */
  echoWaitMs: number;
  /** Pause between screen checks after a submit key. */
  checkIntervalMs: number;
  /**
   * How long the screen (or a hook) is watched for the submission after a submit key. Long on purpose: a
   * CPU-starved CLI reads its Enter seconds late, and an Enter pressed again meanwhile waits in the pty, where
   * the turn the first one started may read it as the answer to its permission prompt.
   */
  confirmWindowMs: number;
  /**
   * Whether the submit key may be pressed ONE more time after a window without confirmation: only when the
   * screen has not changed at all since before the first press and nothing blocks the pane (no permission
   * prompt, no human typing; asked in the same gate step as the write).
   */
  rePress: boolean;
  /**
   * After that, without pressing anything, how much longer the screen (or a hook) is watched before the outcome is
   * `unconfirmed`: a starved CLI that reads its Enter later still counts as submitted.
   */
  lateWatchMs: number;
  /**
   * After an `unconfirmed` outcome, how long a hook saying the pane submitted its input (Claude Code's
   * UserPromptSubmit) still confirms that typing (`onSubmittedLate`): the pane's last one only, whichever typer
   * typed it, nothing pressed.
   */
  lateHookMs: number;
  /** What "press Enter" sends. */
  submitKey: string;
}

export const defaultPaneTyperOptions: PaneTyperOptions = {
  settleMs: 150,
  echoWaitMs: 5_000,
  checkIntervalMs: 100,
  confirmWindowMs: 7_500,
  rePress: true,
  lateWatchMs: 30_000,
  lateHookMs: 5 * 60_000,
  submitKey: '\r',
};

/**
 * `ok`: submitted, seen on the screen or said by a hook. `unconfirmed`: the submit key went in and the
 * submission was not seen within the window (a starved CLI may still read it): never typed again, never
 * pressed again, reported as such rather than failed. Otherwise failed, with the reason.
 */
export type PaneOutcome =
  | { ok: true; attempts: number; confirmedBy: 'screen' | 'hook' }
  | { ok: false; unconfirmed: true; attempts: number; reason: string }
  | { ok: false; unconfirmed?: undefined; attempts: number; reason: string };

const TAIL = 16;
/** How often the screen is read while watching late (after the presses, none to come). */
const LATE_CHECK_MS = 500;
/** How often a submit waiting for someone else's lease on the pane looks again. */
const LEASE_RECHECK_MS = 250;

function tailOf(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.slice(Math.max(0, trimmed.length - TAIL));
}

const lineAt = (screen: ScreenSnapshot, y: number) => screen.lines[y] ?? '';
const sameScreen = (a: ScreenSnapshot, b: ScreenSnapshot) =>
  a.cursor.x === b.cursor.x &&
  a.cursor.y === b.cursor.y &&
  a.lines.length === b.lines.length &&
  a.lines.every((line, i) => line === b.lines[i]);

/** Whether the screen shows the typed tail (on the cursor's line or any other: a long input wraps). */
const shows = (screen: ScreenSnapshot, tail: string) =>
  lineAt(screen, screen.cursor.y).includes(tail) || screen.lines.some((line) => line.includes(tail));

const squeezed = (text: string) => text.replace(/\s+/g, '');
/** Whether the screen shows the typed tail, also across a wrap (the lines joined, whitespace ignored). */
const showsWrapped = (screen: ScreenSnapshot, tail: string) =>
  shows(screen, tail) || squeezed(screen.lines.join('')).includes(squeezed(tail));

/**
 * Whether the text typed at `typed` has been submitted by `now`: the input line no longer holds the typed
 * tail (cleared, or the cursor moved to a new prompt). When the program never echoed the text, any
 * change of the screen after the submit key counts.
 */
export function looksSubmitted(typed: ScreenSnapshot, now: ScreenSnapshot, tail: string): boolean {
  if (!shows(typed, tail)) return !sameScreen(typed, now);
  return !lineAt(now, now.cursor.y).includes(tail);
}

/**
 * Types text into panes and makes sure it was submitted: type, settle, press the submit key ONCE, watch the
 * screen (or a hook's signal) for a long window. An Enter nobody decided must never reach a prompt: the key
 * is pressed again at most once, only when the screen has not moved at all since before the first press
 * and the gate says nothing blocks the pane in the very step that writes it; otherwise the outcome is
 * `unconfirmed` (not failed: a starved CLI may read the Enter later). One typing at a time per pane and one hook
 * for one typing, whoever types (`PaneTypings`, shared by every typer on the gate). Every keystroke goes through the
 * pane input gate as the message (`origin`): while a permission prompt is up or the human has control, the delivery
 * is held (`onHeld` is told why) and goes on once the pane is writable again.
 */
export class PaneTyper {
  private readonly typings: PaneTypings;
  private readonly options: PaneTyperOptions;

  constructor(
    private readonly backend: TerminalBackend,
    private readonly gate: PaneInputGate,
    private readonly clock: Clock,
    options: Partial<PaneTyperOptions> = {},
  ) {
    this.options = { ...defaultPaneTyperOptions, ...options };
    this.typings = paneTypingsOf(gate);
  }

  /**
   * A hook (e.g. Claude Code's UserPromptSubmit) says the pane's input was just submitted: it confirms the pane's
   * typing watching for its submission, else its last typing if that ended unconfirmed (`onSubmittedLate`, within
   * `lateHookMs`), whichever typer on the gate typed it; else nothing.
   */
  signalSubmitted(paneId: string): void {
    this.typings.signal(paneId, this.clock.now());
  }

  /**
   * Types `text` and submits it, after the pane's typings before it. `onSubmittedLate`: when the outcome is
   * `unconfirmed`, called (once) if a hook says the pane submitted before its next typing begins and within
   * `lateHookMs`.
   */
  deliver(
    paneId: string,
    text: string,
    origin: WriteOrigin,
    hooks: DeliveryHooks = {},
  ): Promise<PaneOutcome> {
    return this.typings.queue.run(paneId, () => this.deliverNow(paneId, text, { origin, ...hooks }));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  /**
   * Writes through the gate; a held write waits until the pane is writable for this origin, then tries
   * again. `afterText`: the submit key of a text already typed. A lease someone else took on the pane
   * since the text went in (the gate refuses every write of this sender while it holds) is waited out
   * rather than failing: a failed submit would leave the text at the prompt, where it stays (nothing of
   * ours may write there to clear it) and every later copy for the pane waits for a bare prompt for good.
   */
  private async write(
    request: Omit<PaneWrite, 'whenBlocked' | 'origin'>,
    how: Delivery,
    afterText = false,
  ): Promise<void> {
    for (;;) {
      if (afterText && this.gate.leasedAgainst(request.paneId, how.origin)) {
        how.onHeld?.({ message: 'someone else took a lease on the pane after the text was typed' });
        while (this.gate.leasedAgainst(request.paneId, how.origin)) await this.sleep(LEASE_RECHECK_MS);
      }
      let result: GateResult;
      try {
        result = await this.gate.write({ ...request, origin: how.origin, whenBlocked: 'hold' });
      } catch (error) {
        // The lease came between the look above and the write: wait it out as well.
        if (afterText && error instanceof SwitchboardError && error.code === 'locked') continue;
        throw error;
      }
      if (result.status === 'written') return;
      how.onHeld?.(result.block);
      await this.gate.whenWritable(request.paneId, how.origin);
    }
  }

  private async deliverNow(paneId: string, text: string, how: Delivery): Promise<PaneOutcome> {
    this.typings.begin(paneId);
    let outcome: PaneOutcome | undefined;
    try {
      outcome = await this.typeAndSubmit(paneId, text, how);
      return outcome;
    } finally {
      const { onSubmittedLate } = how;
      const attempts = outcome?.attempts ?? 0;
      this.typings.end(
        paneId,
        outcome && !outcome.ok && outcome.unconfirmed && onSubmittedLate
          ? { until: this.clock.now() + this.options.lateHookMs, confirm: () => onSubmittedLate(attempts) }
          : undefined,
      );
    }
  }

  private async typeAndSubmit(paneId: string, text: string, how: Delivery): Promise<PaneOutcome> {
    const { options } = this;
    try {
      await this.write({ paneId, text }, how);
    } catch (error) {
      return { ok: false, attempts: 0, reason: `could not type into the pane: ${(error as Error).message}` };
    }
    await this.sleep(options.settleMs);
    const tail = tailOf(text);
    let typed: ScreenSnapshot;
    try {
      typed = await this.echoed(paneId, tail);
    } catch (error) {
      return { ok: false, attempts: 0, reason: `could not read the pane: ${(error as Error).message}` };
    }
    this.typings.watch(paneId);
    try {
      const outcome = await this.submit(paneId, typed, tail, how);
      if (outcome.ok || !outcome.unconfirmed) return outcome;
      const late = await this.watch(paneId, typed, tail, options.lateWatchMs, LATE_CHECK_MS);
      return late.confirmedBy
        ? { ok: true, attempts: outcome.attempts, confirmedBy: late.confirmedBy }
        : outcome;
    } catch (error) {
      return { ok: false, attempts: 1, reason: `the pane went away: ${(error as Error).message}` };
    }
  }

  /** The screen once it shows the typed tail, or as it is after `echoWaitMs` (a program that does not echo). */
  private async echoed(paneId: string, tail: string): Promise<ScreenSnapshot> {
    const { checkIntervalMs, echoWaitMs } = this.options;
    let screen = await this.backend.readScreen(paneId);
    for (let waited = 0; !showsWrapped(screen, tail) && waited < echoWaitMs; waited += checkIntervalMs) {
      await this.sleep(checkIntervalMs);
      screen = await this.backend.readScreen(paneId);
    }
    return screen;
  }

  /** The submit key once, and once more only as the class comment says; `unconfirmed` when neither was seen. */
  private async submit(
    paneId: string,
    typed: ScreenSnapshot,
    tail: string,
    how: Delivery,
  ): Promise<PaneOutcome> {
    const { options } = this;
    await this.write({ paneId, text: options.submitKey }, how, true);
    let seen = await this.watch(paneId, typed, tail);
    if (seen.confirmedBy) return { ok: true, attempts: 1, confirmedBy: seen.confirmedBy };
    const window = options.confirmWindowMs + options.lateWatchMs;
    if (!options.rePress || seen.changed) return unconfirmed(1, window, seen.changed);
    const again = await this.rePress(paneId, how);
    if (again !== 'written') return unconfirmed(1, window, false, again);
    seen = await this.watch(paneId, typed, tail);
    if (seen.confirmedBy) return { ok: true, attempts: 2, confirmedBy: seen.confirmedBy };
    return unconfirmed(2, window, seen.changed);
  }

  /** Watches for the submission until the confirm window ends; `changed`: the screen moved since `typed`. */
  private async watch(
    paneId: string,
    typed: ScreenSnapshot,
    tail: string,
    windowMs = this.options.confirmWindowMs,
    intervalMs = this.options.checkIntervalMs,
  ): Promise<{ confirmedBy?: 'screen' | 'hook'; changed: boolean }> {
    let changed = false;
    for (let waited = 0; waited < windowMs; waited += intervalMs) {
      await this.sleep(intervalMs);
      if (this.typings.takeHeard(paneId)) return { confirmedBy: 'hook', changed: true };
      const now = await this.backend.readScreen(paneId);
      if (looksSubmitted(typed, now, tail)) return { confirmedBy: 'screen', changed: true };
      changed ||= !sameScreen(typed, now);
    }
    return { changed };
  }

  /** The one re-press: written only if nothing blocks the pane right now (same gate step), else not at all. */
  private async rePress(paneId: string, how: Delivery): Promise<'written' | string> {
    if (this.gate.leasedAgainst(paneId, how.origin)) return 'someone else took a lease on the pane';
    const result = await this.gate.write({
      paneId,
      text: this.options.submitKey,
      origin: how.origin,
      whenBlocked: 'hold',
    });
    return result.status === 'written' ? 'written' : result.block.message;
  }
}

function unconfirmed(attempts: number, windowMs: number, changed: boolean, blocked?: string): PaneOutcome {
  const presses = attempts === 1 ? 'pressed once' : 'pressed twice';
  const why = blocked
    ? `; not pressed again: ${blocked}`
    : changed
      ? '; the screen changed, so the CLI may have taken it: not pressed again'
      : '';
  return {
    ok: false,
    unconfirmed: true,
    attempts,
    reason: `unconfirmed: the submit key was ${presses} and no submission was seen within ${windowMs / 1000} s of it${why}; the text is not typed again`,
  };
}

/** Why a delivery waits, for the copy's reason (a gate block, or a lease taken after the text). */
export type HeldReason = Pick<PaneBlock, 'message'>;

export interface DeliveryHooks {
  /** The delivery waits (a gate block, a lease): why, for the copy's reason. */
  onHeld?: (why: HeldReason) => void;
  /** An `unconfirmed` delivery was submitted after all (a late hook), with the outcome's attempts. */
  onSubmittedLate?: (attempts: number) => void;
}

interface Delivery extends DeliveryHooks {
  origin: WriteOrigin;
}

/** The one line typed into a pane: who, what kind, the id to answer, and the text on one line. */
export function paneLine(
  message: { id: string; kind: string; priority: string; body: string },
  senderName: string,
  maxLength = 1_000,
): string {
  const flat = printable(message.body.replace(/\s*[\r\n]+\s*/g, ' ⏎ ')).trim();
  const priority = message.priority === 'normal' ? '' : ` ${message.priority}`;
  const head = `[switchboard ${message.kind}${priority} from ${senderName} · ${message.id}] `;
  const room = Math.max(20, maxLength - head.length);
  const body = flat.length > room ? `${flat.slice(0, room - 40)}… (full text: message_receive)` : flat;
  return head + body;
}

/** The text with C0 controls and DEL replaced by spaces: safe to type as data. */
export function printable(text: string): string {
  return [...text].map((ch) => (isControl(ch) ? ' ' : ch)).join('');
}

/** C0 controls, DEL and C1 controls: typed into a terminal they would act as keys (Escape, Ctrl-C, Enter, 8-bit CSI). */
function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}
