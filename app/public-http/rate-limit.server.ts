/**
 * A token bucket per key, in this process's memory: each key may spend `burst` requests at once
 * and regains `perSecond` a second (the pixel: 100 and 100, so the 101st request in one second is
 * refused). Keys are shop ids or shop + client address; idle buckets are dropped once full again,
 * so the map does not grow with traffic.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string | number, { tokens: number; at: number }>();

  constructor(private readonly options: { perSecond: number; burst: number }) {}

  /** Takes one token for `key` at time `now` (ms); false when the key is over its rate. */
  take(key: string | number, now: number): boolean {
    const { perSecond, burst } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    const refilled = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * perSecond) / 1000);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: Math.max(bucket.at, now) });
      return false;
    }
    this.buckets.set(key, { tokens: refilled - 1, at: Math.max(bucket.at, now) });
    if (this.buckets.size > 10_000) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    const { perSecond, burst } = this.options;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * perSecond) / 1000 >= burst) this.buckets.delete(key);
    }
  }

  reset(): void {
    this.buckets.clear();
  }
}
