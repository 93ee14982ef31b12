import { write } from 'node:fs';

/**
 * Input for one pane (`send_text`, typed keys) its program has not taken yet, past which more is dropped. A program
 * that reads nothing (a raw-mode TUI stopped or starved; `stty raw; sleep`) takes ~64 KiB into the pty and no more.
 */
export const MAX_PENDING_INPUT_BYTES = 4 * 1024 * 1024;
/** While the pty is full: the first wait before trying again, doubled up to the last, until a write goes through. */
const FIRST_RETRY_MS = 1;
const LAST_RETRY_MS = 64;

/**
 * Writes a pane's input to its pty (non-blocking, as node-pty opens it), in order. In place of node-pty's own writer,
 * which tries again with setImmediate for as long as the pty is full: a program in raw mode that stopped reading with
 * more than the pty holds still to come kept the server's event loop spinning (~0.8 of a core) until it read again,
 * and what it queued had no bound. Here a full pty is tried again after a growing wait, and input past
 * `MAX_PENDING_INPUT_BYTES` is dropped (`onDropped` says how much).
 */
export class PtyInput {
  private readonly queue: Buffer[] = [];
  /** Bytes of queue[0] already written. */
  private offset = 0;
  private pending = 0;
  private attempts = 0;
  private retryMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing = false;
  private disposed = false;

  constructor(
    private readonly fd: number,
    private readonly onDropped: (bytes: number) => void = () => undefined,
  ) {}

  /** Bytes queued and not yet taken by the pty. */
  get pendingBytes(): number {
    return this.pending;
  }

  /** Writes tried so far, the ones the full pty refused included. */
  get writeAttempts(): number {
    return this.attempts;
  }

  write(data: string | Uint8Array): void {
    if (this.disposed) return;
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    if (buffer.byteLength === 0) return;
    if (this.pending + buffer.byteLength > MAX_PENDING_INPUT_BYTES) return this.onDropped(buffer.byteLength);
    this.queue.push(buffer);
    this.pending += buffer.byteLength;
    if (!this.writing && this.timer === undefined) this.next();
  }

  /** Stops writing and lets go of what is queued (the pane closed: its descriptor may be reused). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.pending = 0;
  }

  private next(): void {
    this.timer = undefined;
    const buffer = this.queue[0];
    if (this.disposed || buffer === undefined) return;
    this.writing = true;
    this.attempts += 1;
    write(this.fd, buffer, this.offset, buffer.byteLength - this.offset, null, (error, written) => {
      this.writing = false;
      if (this.disposed) return;
      if (error) {
        // Any other error: the pty is gone (its program ended); nothing queued can reach it.
        if (error.code !== 'EAGAIN') return this.dispose();
        this.retryMs = Math.min(LAST_RETRY_MS, this.retryMs === 0 ? FIRST_RETRY_MS : this.retryMs * 2);
        this.timer = setTimeout(() => this.next(), this.retryMs);
        return;
      }
      this.retryMs = 0;
      this.offset += written;
      this.pending -= written;
      if (this.offset >= buffer.byteLength) {
        this.queue.shift();
        this.offset = 0;
      }
      this.next();
    });
  }
}
