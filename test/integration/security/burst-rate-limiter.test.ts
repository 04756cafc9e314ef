import { Valkey } from 'iovalkey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BurstLimit,
  BurstRateLimiter,
  headroomWindowSeconds,
  type RateLimitBackend,
} from '../../../src/security/burst-rate-limiter.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';
import { sleep } from './security-app.js';

const LIMIT: BurstLimit = { ratePerSecond: 3, burst: 6 };

async function admitted(limiter: BurstRateLimiter, key: string, attempts: number): Promise<number> {
  let count = 0;
  for (let i = 0; i < attempts; i++) if ((await limiter.consume(key)).allowed) count++;
  return count;
}

describe('a burst rate limiter', () => {
  it('admits the burst at once, then the rate each second (token-bucket semantics)', async () => {
    const limiter = new BurstRateLimiter('t1', LIMIT);
    expect(await admitted(limiter, 'k', 10)).toBe(6);
    const refused = await limiter.consume('k');
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed ? 0 : refused.retryAfterMs).toBeLessThanOrEqual(1000);
    await sleep(1050);
    expect(await admitted(limiter, 'k', 10)).toBe(3);
    expect(await admitted(limiter, 'other', 10)).toBe(6);
  });

  it('refills the burst headroom ten times slower than a token bucket would', () => {
    expect(headroomWindowSeconds({ ratePerSecond: 10, burst: 20 })).toBe(10);
    expect(headroomWindowSeconds({ ratePerSecond: 100, burst: 200 })).toBe(10);
    expect(headroomWindowSeconds({ ratePerSecond: 10, burst: 11 })).toBe(1);
  });

  it('peeks without spending: blocked only once burst and rate are both spent', async () => {
    const limiter = new BurstRateLimiter('t2', LIMIT);
    expect(await limiter.peek('k')).toEqual({ allowed: true });
    await admitted(limiter, 'k', 5);
    expect(await limiter.peek('k')).toEqual({ allowed: true });
    await admitted(limiter, 'k', 1);
    expect(await limiter.peek('k')).toMatchObject({ allowed: false });
  });
});

describe.skipIf(redisServerMissing)(`a burst rate limiter on Valkey ${redisServerMissing ?? ''}`, () => {
  let server: RedisServer;
  let clients: Valkey[];
  let backend: RateLimitBackend;
  beforeAll(async () => {
    server = await RedisServer.start();
    clients = [new Valkey(server.url), new Valkey(server.url)];
    // Until a connection is ready the limiter counts in memory: wait, as a server's start-up does.
    await Promise.all(clients.map((client) => client.ping()));
    backend = { kind: 'valkey', client: clients[0] as Valkey, keyPrefix: 'test:' };
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.dispose();
  });

  it('shares the allowance between replicas', async () => {
    const first = new BurstRateLimiter('shared', LIMIT, backend);
    const second = new BurstRateLimiter('shared', LIMIT, {
      kind: 'valkey',
      client: clients[1] as Valkey,
      keyPrefix: 'test:',
    });
    expect(await admitted(first, 'k', 4)).toBe(4);
    expect(await admitted(second, 'k', 4)).toBe(2);
    expect(await clients[0]?.keys('test:shared:*')).toHaveLength(2);
  });

  it('keeps limiting in memory while Valkey does not answer', async () => {
    const limiter = new BurstRateLimiter('outage', LIMIT, backend);
    await server.stop();
    try {
      expect(await admitted(limiter, 'k', 10)).toBe(6);
    } finally {
      await server.restart();
    }
  });
});
