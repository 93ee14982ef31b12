import type { RateLimit } from '@switchboard/protocol';
import type { Clock } from '../ports/clock';

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** Set while the bucket is empty, so only the first refusal of a burst is reported. */
  refusing: boolean;
}

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterMs: number; firstRefusal: boolean };

/** Token buckets per key (an agent id), refilled continuously from the Clock port. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  take(key: string, limit: RateLimit): RateDecision {
    const now = this.clock.now();
    const perMs = limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedAt: now, refusing: false };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refusing = false;
      return { allowed: true };
    }
    const firstRefusal = !bucket.refusing;
    bucket.refusing = true;
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs), firstRefusal };
  }

  /** Tokens left for `key` right now, without taking one. */
  peek(key: string, limit: RateLimit): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return limit.burst;
    return Math.min(
      limit.burst,
      bucket.tokens + (this.clock.now() - bucket.updatedAt) * (limit.perMinute / 60_000),
    );
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
