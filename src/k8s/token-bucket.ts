// A client-side rate limit like client-go's (golang.org/x/time/rate), but with our defaults:
// `burst` requests at once, then `qps` per second. A reservation may drive the bucket below
// zero, so waiting callers are served in arrival order without polling.

export interface TokenBucketOptions {
  qps: number;
  burst: number;
  now: () => number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.qps > 0) || !(options.burst >= 1)) {
      throw new RangeError(`invalid rate limit: qps ${options.qps}, burst ${options.burst}`);
    }
    this.tokens = options.burst;
    this.updatedAt = options.now();
  }

  /** Takes one token; answers how many milliseconds the caller must wait before using it. */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.options.qps);
  }

  /** Gives back a reserved token that was never used (the caller gave up waiting). */
  cancel(): void {
    this.refill();
    this.tokens = Math.min(this.options.burst, this.tokens + 1);
  }

  private refill(): void {
    const now = this.options.now();
    const earned = ((now - this.updatedAt) * this.options.qps) / 1000;
    this.tokens = Math.min(this.options.burst, this.tokens + earned);
    this.updatedAt = now;
  }
}
