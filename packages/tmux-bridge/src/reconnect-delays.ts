/**
 * The waits between a lost control client's reconnection attempts. They never keep the process alive (unref'd)
 * and end with the backend: close() ends the current wait at once and every later one resolves false, so a closed
 * backend attaches nothing more (before, a backend closed mid-wait kept a timer of up to 5 s pending).
 */
export class ReconnectDelays {
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private closed = false;

  /** True after `ms`; false at once if closed before or meanwhile. */
  wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.wake = () => resolve(false);
      this.timer = setTimeout(() => {
        this.timer = this.wake = undefined;
        resolve(true);
      }, ms);
      this.timer.unref();
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.wake?.();
    this.timer = this.wake = undefined;
  }
}
