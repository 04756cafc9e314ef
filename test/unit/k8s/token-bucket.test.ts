import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/k8s/token-bucket.js';

function bucket(qps: number, burst: number) {
  let now = 0;
  const limiter = new TokenBucket({ qps, burst, now: () => now });
  return {
    limiter,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('lets the burst through at once, then spaces requests by 1/qps', () => {
    const { limiter } = bucket(50, 100);
    const waits = Array.from({ length: 103 }, () => limiter.reserve());
    expect(waits.slice(0, 100).every((wait) => wait === 0)).toBe(true);
    expect(waits.slice(100)).toEqual([20, 40, 60]);
  });

  it('earns tokens back with time, never more than the burst', () => {
    const { limiter, advance } = bucket(10, 2);
    limiter.reserve();
    limiter.reserve();
    expect(limiter.reserve()).toBe(100);
    advance(10_000);
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 100]);
  });

  it('gives back the token of a caller that stopped waiting', () => {
    const { limiter } = bucket(1, 1);
    limiter.reserve();
    expect(limiter.reserve()).toBe(1000);
    limiter.cancel();
    expect(limiter.reserve()).toBe(1000);
  });

  it('refuses a rate that would never let a request through', () => {
    expect(() => new TokenBucket({ qps: 0, burst: 10, now: () => 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ qps: 5, burst: 0, now: () => 0 })).toThrow(RangeError);
  });
});
