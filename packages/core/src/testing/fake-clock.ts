import type { Clock } from '../ports/clock';

/** A clock tests move by hand: `advance(ms)` runs every timer that falls due, in order. */
export class FakeClock implements Clock {
  private current: number;
  private timers: { at: number; id: number; callback: () => void }[] = [];
  private nextId = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const timer = { at: this.current + Math.max(0, ms), id: this.nextId++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Timers set and neither run nor cancelled yet: a wait that ended must leave none behind. */
  pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = due.at;
      due.callback();
    }
    this.current = target;
  }
}
