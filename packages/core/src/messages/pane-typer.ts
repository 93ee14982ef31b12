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
import { KeyedSerialQueue } from '../fleet/serial-queue';

export interface PaneTyperOptions {
  /** Pause between typing the text and pressing the submit key (a paste must land before Enter). */
  settleMs: number;
  /** Pause between screen checks after a submit key. */
  checkIntervalMs: number;
  /** Screen checks after each submit key before pressing it again. */
  checksPerAttempt: number;
  /** Submit key presses before giving up. */
  maxSubmitAttempts: number;
  /** What "press Enter" sends. */
  submitKey: string;
}

export const defaultPaneTyperOptions: PaneTyperOptions = {
  settleMs: 150,
  checkIntervalMs: 100,
  checksPerAttempt: 5,
  maxSubmitAttempts: 3,
  submitKey: '\r',
};

export type PaneOutcome =
  | { ok: true; attempts: number; confirmedBy: 'screen' | 'hook' }
  | { ok: false; attempts: number; reason: string };

const TAIL = 16;
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

/**
 * Whether the text typed at `typed` has been submitted by `now`: the input line no longer holds the typed
 * tail (cleared, or the cursor moved to a new prompt). When the program never echoed the text, any
 * change of the screen after the submit key counts.
 */
export function looksSubmitted(typed: ScreenSnapshot, now: ScreenSnapshot, tail: string): boolean {
  const echoed =
    lineAt(typed, typed.cursor.y).includes(tail) || typed.lines.some((line) => line.includes(tail));
  if (!echoed) return !sameScreen(typed, now);
  return !lineAt(now, now.cursor.y).includes(tail);
}

/**
 * Types text into panes and makes sure it was submitted: type, settle, press the submit key, watch the
 * screen (or a hook's signal), press again a bounded number of times. One delivery at a time per pane,
 * so two messages never interleave their keystrokes. Every keystroke goes through the pane input gate
 * as the message (`origin`): while a permission prompt is up or the human has control, the delivery is
 * held (`onHeld` is told why) and goes on once the pane is writable again.
 */
export class PaneTyper {
  private readonly chains = new KeyedSerialQueue();
  private readonly signals = new Set<string>();
  private readonly options: PaneTyperOptions;

  constructor(
    private readonly backend: TerminalBackend,
    private readonly gate: PaneInputGate,
    private readonly clock: Clock,
    options: Partial<PaneTyperOptions> = {},
  ) {
    this.options = { ...defaultPaneTyperOptions, ...options };
  }

  /** A hook (e.g. Claude Code's UserPromptSubmit) says the pane's input was just submitted. */
  signalSubmitted(paneId: string): void {
    this.signals.add(paneId);
  }

  deliver(
    paneId: string,
    text: string,
    origin: WriteOrigin,
    onHeld?: (why: HeldReason) => void,
  ): Promise<PaneOutcome> {
    return this.chains.run(paneId, () => this.deliverNow(paneId, text, { origin, onHeld }));
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
    const { backend, options } = this;
    try {
      await this.write({ paneId, text }, how);
    } catch (error) {
      return { ok: false, attempts: 0, reason: `could not type into the pane: ${(error as Error).message}` };
    }
    await this.sleep(options.settleMs);
    const tail = tailOf(text);
    let typed: ScreenSnapshot;
    try {
      typed = await backend.readScreen(paneId);
    } catch (error) {
      return { ok: false, attempts: 0, reason: `could not read the pane: ${(error as Error).message}` };
    }
    this.signals.delete(paneId);
    for (let attempt = 1; attempt <= options.maxSubmitAttempts; attempt++) {
      try {
        await this.write({ paneId, text: options.submitKey }, how, true);
        for (let check = 0; check < options.checksPerAttempt; check++) {
          await this.sleep(options.checkIntervalMs);
          if (this.signals.delete(paneId)) return { ok: true, attempts: attempt, confirmedBy: 'hook' };
          if (looksSubmitted(typed, await backend.readScreen(paneId), tail))
            return { ok: true, attempts: attempt, confirmedBy: 'screen' };
        }
      } catch (error) {
        return { ok: false, attempts: attempt, reason: `the pane went away: ${(error as Error).message}` };
      }
    }
    return {
      ok: false,
      attempts: options.maxSubmitAttempts,
      reason: `not submitted: the input was still pending after ${options.maxSubmitAttempts} submit key presses`,
    };
  }
}

/** Why a delivery waits, for the copy's reason (a gate block, or a lease taken after the text). */
export type HeldReason = Pick<PaneBlock, 'message'>;

interface Delivery {
  origin: WriteOrigin;
  onHeld: ((why: HeldReason) => void) | undefined;
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
