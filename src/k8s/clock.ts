import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the rate limiter sees it; tests pass a fake one to observe its decisions. */
export interface Clock {
  /** Milliseconds, monotonic enough for rate limiting. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
};
