import type { Valkey } from 'iovalkey';
import {
  BurstyRateLimiter,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** Where counters live: this process, or Valkey/Redis so that every replica shares them. */
export type RateLimitBackend =
  | { readonly kind: 'memory' }
  | {
      readonly kind: 'valkey';
      readonly client: Valkey;
      /** Prepended to every counter's key. Default `mcp:rl:`. */
      readonly keyPrefix?: string;
    };

export const MEMORY_BACKEND: RateLimitBackend = { kind: 'memory' };

/** A token bucket's two numbers: it holds `burst` requests and refills at `ratePerSecond`. */
export interface BurstLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export type LimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number };

const ALLOWED: LimitDecision = { allowed: true };

/**
 * How much longer than a token bucket the burst allowance takes to come back. A bucket regains the
 * `burst - rate` headroom after (burst - rate) / rate idle seconds; waiting ten times that bounds what
 * steady traffic gains from the headroom to a tenth of the rate.
 */
const HEADROOM_REFILL_FACTOR = 10;

/** Seconds after which the burst headroom refills: 10 s for the defaults (10/s burst 20, 100/s burst 200). */
export function headroomWindowSeconds(limit: BurstLimit): number {
  return Math.max(
    1,
    Math.ceil((HEADROOM_REFILL_FACTOR * (limit.burst - limit.ratePerSecond)) / limit.ratePerSecond),
  );
}

/**
 * "`rate` per second with bursts up to `burst`" (token-bucket semantics) on rate-limiter-flexible, whose
 * limiters count in fixed windows. Its BurstyRateLimiter composes two of them:
 * - the steady limiter admits `rate` requests in each one-second window;
 * - when it refuses, the headroom limiter admits up to `burst - rate` more, refilled every
 *   `headroomWindowSeconds` (see HEADROOM_REFILL_FACTOR).
 * A fresh key can thus send `burst` requests at once, then `rate` per second, as from a token bucket;
 * the difference is that the headroom returns on a timer rather than during idle time, so sustained
 * traffic may exceed `rate` by at most a tenth, and a refused request waits for the next second.
 *
 * With the Valkey backend the counters are shared by every replica; while Valkey is unreachable each
 * replica counts in memory (rate-limiter-flexible's insurance limiter) rather than failing requests.
 */
export class BurstRateLimiter {
  private readonly steady: RateLimiterAbstract;
  private readonly headroom: RateLimiterAbstract | undefined;
  private readonly limiter: BurstyRateLimiter | RateLimiterAbstract;

  constructor(name: string, limit: BurstLimit, backend: RateLimitBackend = MEMORY_BACKEND) {
    this.steady = counter(backend, { keyPrefix: `${name}:rate`, points: limit.ratePerSecond, duration: 1 });
    this.headroom =
      limit.burst > limit.ratePerSecond
        ? counter(backend, {
            keyPrefix: `${name}:burst`,
            points: limit.burst - limit.ratePerSecond,
            duration: headroomWindowSeconds(limit),
          })
        : undefined;
    this.limiter = this.headroom ? new BurstyRateLimiter(this.steady, this.headroom) : this.steady;
  }

  /** Takes one request from `key`'s allowance. */
  async consume(key: string): Promise<LimitDecision> {
    try {
      await this.limiter.consume(key);
      return ALLOWED;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, retryAfterMs: rejection.msBeforeNext };
    }
  }

  /** Whether `key`'s next request would be refused, without taking from its allowance. */
  async peek(key: string): Promise<LimitDecision> {
    const [steady, headroom] = await Promise.all([this.steady.get(key), this.headroom?.get(key)]);
    const exhausted = (res: RateLimiterRes | null | undefined, points: number) =>
      res !== null && res !== undefined && res.consumedPoints >= points;
    const blocked =
      exhausted(steady, this.steady.points) &&
      (this.headroom === undefined || exhausted(headroom, this.headroom.points));
    return blocked ? { allowed: false, retryAfterMs: steady?.msBeforeNext ?? 1000 } : ALLOWED;
  }
}

/** A fixed-window counter: `points` requests per `duration` seconds. */
export function counter(backend: RateLimitBackend, options: IRateLimiterOptions): RateLimiterAbstract {
  if (backend.kind === 'memory') return new RateLimiterMemory(options);
  // RateLimiterRedis, not RateLimiterValkey: the latter's script calls `server.call`, which only Valkey
  // knows, and the store supports Redis as well. Without a ready connection the insurance limiter
  // counts at once, rather than requests waiting in the client's offline queue.
  return new RateLimiterRedis({
    ...options,
    storeClient: backend.client,
    keyPrefix: `${backend.keyPrefix ?? 'mcp:rl:'}${options.keyPrefix}`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}
