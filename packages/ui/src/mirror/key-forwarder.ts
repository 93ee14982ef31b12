/** Longest text one pane.send carries. */
const MAX_CHUNK = 65_536;

/**
 * Keys typed into the mirror, on their way to the pane: one send at a time, in order, and whatever is
 * typed while a send is in flight goes out together in the next one (a fast typist costs few calls).
 */
export class KeyForwarder {
  private buffer = '';
  private sending = false;

  constructor(
    private readonly send: (text: string) => Promise<void>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Queues what xterm.js reports as typed (`onData`): characters, or a key's escape sequence. */
  type(data: string): void {
    if (!data) return;
    this.buffer += data;
    void this.flush();
  }

  /** Whether everything typed has been sent. */
  get idle(): boolean {
    return !this.sending && this.buffer === '';
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.buffer) {
        const text = this.buffer.slice(0, MAX_CHUNK);
        this.buffer = this.buffer.slice(text.length);
        try {
          await this.send(text);
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
