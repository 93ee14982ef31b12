import type { Clock } from '../../ports/clock';

/** The human's quiet periods per pane ("take control"): while one runs, automated input to the pane pauses. */
export class HumanControl {
  private readonly until = new Map<string, { at: number; cancel: () => void }>();
  /** When the person last typed into each pane (kept even with the quiet period off). */
  private readonly typedAt = new Map<string, number>();
  /** Panes whose permission prompt left the screen by output alone: the question, until the person types there. */
  private readonly hidden = new Map<string, string | null>();

  constructor(
    private readonly clock: Clock,
    private readonly quietMs: number,
    /** Told when a pane's quiet period starts or is extended (`until` ms) and when it ends (null). */
    private readonly changed: (paneId: string, until: number | null) => void,
  ) {}

  /** The human typed into the pane: automated input waits until `quietMs` after the last keystroke. */
  noteTyping(paneId: string): void {
    this.typedAt.set(paneId, this.clock.now());
    this.hidden.delete(paneId);
    if (this.quietMs <= 0) return;
    const at = this.clock.now() + this.quietMs;
    const previous = this.until.get(paneId);
    previous?.cancel();
    const cancel = this.clock.setTimeout(() => this.end(paneId), this.quietMs);
    this.until.set(paneId, { at, cancel });
    // Each keystroke extends the period; telling every one would flood the bus: only starts and the end count.
    if (!previous) this.changed(paneId, at);
  }

  /** A prompt left the pane's screen without the person answering it: it may still wait behind what was printed. */
  noteHiddenPrompt(paneId: string, question: string | null): void {
    this.hidden.set(paneId, question);
  }

  /** The question of a prompt that may still wait hidden in the pane (null: not readable), or undefined. */
  hiddenPrompt(paneId: string): string | null | undefined {
    return this.hidden.get(paneId);
  }

  /** Whether the person typed into the pane at or after `since` (ms). */
  typedSince(paneId: string, since: number): boolean {
    return (this.typedAt.get(paneId) ?? -Infinity) >= since;
  }

  /** When the pane's quiet period ends (ms), or undefined when the human has no control of it. */
  activeUntil(paneId: string): number | undefined {
    return this.until.get(paneId)?.at;
  }

  /** ISO time of the end, for messages. */
  describeUntil(paneId: string): string | null {
    const at = this.activeUntil(paneId);
    return at === undefined ? null : new Date(at).toISOString();
  }

  forget(paneId: string): void {
    this.typedAt.delete(paneId);
    this.hidden.delete(paneId);
    this.until.get(paneId)?.cancel();
    this.until.delete(paneId);
  }

  close(): void {
    for (const { cancel } of this.until.values()) cancel();
    this.until.clear();
  }

  private end(paneId: string): void {
    if (!this.until.delete(paneId)) return;
    this.changed(paneId, null);
  }
}
