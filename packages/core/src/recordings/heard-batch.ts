/**
 * Screens the recorder heard, taken together: each is queued as it is heard (with its time) and all of them are
 * turned into frames in one go once the turn they were heard in is over (the screens of every read answered in
 * that turn, e.g. the busy panes read together on the observer's grid), or at once when a reader needs them
 * (`take`). Taken one by one as each read was answered, between health's work on the same screen, a frame cost
 * the host ~55 µs of CPU against ~18 µs taken back to back in bench/recording-frames (docs/performance.md,
 * session 18).
 */
export class HeardBatch {
  private heard: { agentId: string; take: () => void }[] = [];
  private turn: NodeJS.Immediate | undefined;

  /** `onError`: taking an agent's screen threw (as the observer tells a listener's error); the others are taken. */
  constructor(private readonly onError: (error: unknown, agentId: string) => void) {}

  /** Queues the taking of a screen the agent's pane showed (`take` runs once, in the order heard). */
  add(agentId: string, take: () => void): void {
    this.heard.push({ agentId, take });
    this.turn ??= setImmediate(() => this.take());
  }

  /** Takes every screen queued so far, now. */
  take(): void {
    clearImmediate(this.turn);
    this.turn = undefined;
    const heard = this.heard;
    this.heard = [];
    for (const { agentId, take } of heard)
      try {
        take();
      } catch (error) {
        this.onError(error, agentId);
      }
  }
}
