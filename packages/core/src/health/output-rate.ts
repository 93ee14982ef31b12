/** Screen updates per fixed bucket, the most recent `capacity` buckets: a cheap sparkline per agent. */
export class OutputRate {
  private readonly buckets = new Map<number, number>();

  constructor(
    readonly bucketMs = 10_000,
    private readonly capacity = 360,
  ) {}

  record(at: number): void {
    const bucket = Math.floor(at / this.bucketMs) * this.bucketMs;
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1);
    if (this.buckets.size > this.capacity) {
      const oldest = Math.min(...this.buckets.keys());
      this.buckets.delete(oldest);
    }
  }

  /** Buckets from the oldest kept to `now`, empty ones included. */
  series(now: number): { at: number; updates: number }[] {
    if (this.buckets.size === 0) return [];
    const last = Math.floor(now / this.bucketMs) * this.bucketMs;
    const first = Math.max(Math.min(...this.buckets.keys()), last - (this.capacity - 1) * this.bucketMs);
    const points: { at: number; updates: number }[] = [];
    for (let at = first; at <= last; at += this.bucketMs)
      points.push({ at, updates: this.buckets.get(at) ?? 0 });
    return points;
  }
}
