import { KeyedSerialQueue } from '../fleet/serial-queue';
import type { PaneInputGate } from '../panes/input-gate/pane-input-gate';

/** A typing called unconfirmed: a hook up to `until` (clock ms) confirms it late. */
export interface LateConfirmation {
  until: number;
  confirm: () => void;
}

/**
 * What every typer writing through one gate shares about each pane. Message delivery and the spawn's first task each
 * have a typer, and both type into the same input box:
 * - one typing at a time (`queue`): a typing is text, its Enter and a watch for the submission (seconds on a starved
 *   CLI); a second one begun meanwhile would put its text behind the first's and submit both as one prompt;
 * - one hook, one typing: a hook saying the pane submitted its input (Claude Code's UserPromptSubmit) confirms the
 *   typing watching for its submission right now, else the pane's last typing if it was called unconfirmed (within
 *   its bound), else nothing. Every typer hears each hook; hearing it once more changes nothing.
 */
export class PaneTypings {
  readonly queue = new KeyedSerialQueue();
  /** Panes whose typing has pressed (or is pressing) its submit key and watches for the submission. */
  private readonly watching = new Set<string>();
  /** Panes whose hook came while their typing watched: that typing's confirmation, not yet taken. */
  private readonly heard = new Set<string>();
  /** Each pane's last typing, when it ended unconfirmed. */
  private readonly late = new Map<string, LateConfirmation>();

  /** A typing begins on the pane: the pane's last one, unconfirmed, is no longer its last (never confirmed late). */
  begin(paneId: string): void {
    this.late.delete(paneId);
  }

  /** The typing's submit key goes in now: a hook from here on is about it. */
  watch(paneId: string): void {
    this.heard.delete(paneId);
    this.watching.add(paneId);
  }

  /** Whether a hook came since `watch` (taken: it confirms once). */
  takeHeard(paneId: string): boolean {
    return this.heard.delete(paneId);
  }

  /** The typing ended; `late` when it was unconfirmed and someone wants to hear of a late hook. */
  end(paneId: string, late?: LateConfirmation): void {
    this.watching.delete(paneId);
    this.heard.delete(paneId);
    if (late) this.late.set(paneId, late);
  }

  /**
   * The pane's CLI was relaunched (a restart in its pane: a new process, its input box empty): its predecessor's last
   * typing, if unconfirmed, was never read by it, so no hook of the new one confirms it.
   */
  relaunched(paneId: string | null | undefined): void {
    if (paneId) this.late.delete(paneId);
  }

  /** A hook says the pane just submitted its input (at clock time `now`). */
  signal(paneId: string, now: number): void {
    if (this.watching.has(paneId)) {
      this.heard.add(paneId);
      return;
    }
    const late = this.late.get(paneId);
    this.late.delete(paneId);
    if (late && now <= late.until) late.confirm();
  }
}

const typingsThrough = new WeakMap<PaneInputGate, PaneTypings>();

/** The pane typings every typer writing through this gate shares. */
export function paneTypingsOf(gate: PaneInputGate): PaneTypings {
  let typings = typingsThrough.get(gate);
  if (!typings) typingsThrough.set(gate, (typings = new PaneTypings()));
  return typings;
}
