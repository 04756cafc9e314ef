import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Valkey } from 'iovalkey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';
import {
  exchangeCode,
  postForm,
  type RegisteredClient,
  refresh,
  registerClient,
  signIn,
  type TokenAnswer,
  tokensOf,
} from '../oauth/oauth-harness.js';
import {
  at,
  listPodsThrough,
  loginThrough,
  portOf,
  type ReplicaStack,
  startReplicaStack,
} from './replica-fixtures.js';
import { type ReplicaProcess, type ReplicaProcesses, replicaProcesses } from './replica-process-fixtures.js';

// Issue 8 with real processes: two `mcp-kubernetes serve` replicas behind one public URL share a
// Redis (standing in for Valkey). A login, its refresh and its revocation hold across both; codes and
// rotated refresh tokens are spent once whichever replica a racing request reaches (a retry within the
// grace window gets the same answer again); and while the
// store is down both answer 503 and report not-ready, then recover without a restart.

const STORE_UNAVAILABLE =
  /^the OAuth token store \(valkey at 127\.0\.0\.1:\d+\) is unavailable: .+; try again/;
const UPSTREAM_TOKEN_TTL_SECONDS = 30;
const UPSTREAM_REFRESH_DELAY_MS = 300;
const RECOVERY_DEADLINE = { timeout: 15_000, interval: 100 };
/** --refresh-token-reuse-grace of these replicas: short, so a replay after it needs no long wait. */
const REUSE_GRACE_MS = 2000;
/** A frame of a stack trace, raw or inside a JSON log line. */
const STACK_FRAME = /(\n|\\n)\s+at .*:\d+:\d+/;

async function json(response: Response): Promise<Record<string, string>> {
  return (await response.json()) as Record<string, string>;
}

/** Keeps calling the tool on one replica, one call after another, until stopped. */
function runOfCalls(url: string, token: string) {
  const statuses: number[] = [];
  let running = true;
  const finished = (async () => {
    while (running) {
      const answer = await listPodsThrough(`${url}/mcp`, token);
      statuses.push(answer.status);
      await answer.text();
      // A pause, so that the run leaves the replica time for its other clients (the test's checks).
      await sleep(20);
    }
  })();
  return {
    statuses,
    stop: async () => {
      running = false;
      await finished;
    },
  };
}

describe.skipIf(redisServerMissing !== undefined)(
  `two replica processes sharing one Valkey${redisServerMissing ? ` (${redisServerMissing})` : ''}`,
  () => {
    const encryptionKey = randomBytes(32).toString('base64');
    /** Every secret the tests see; none may appear in what the replicas print. */
    const secrets: string[] = [encryptionKey];
    let redis: RedisServer;
    let stack: ReplicaStack;
    let replicas: ReplicaProcesses;
    let replicaA: ReplicaProcess;
    let replicaB: ReplicaProcess;
    let urlA: string;
    let urlB: string;
    /** Attempt `index` of a batch goes to A or B in turn. */
    const spread = (index: number) => (index % 2 === 0 ? urlA : urlB);

    async function tokensThroughA(client: RegisteredClient): Promise<TokenAnswer> {
      const { code, tokens } = await loginThrough(urlA, client);
      secrets.push(code);
      return keep(tokens);
    }

    function keep<Tokens extends Partial<TokenAnswer>>(tokens: Tokens): Tokens {
      secrets.push(tokens.access_token ?? '', tokens.refresh_token ?? '');
      return tokens;
    }

    /** Every replica process started, restarted ones too: what each printed is checked at the end. */
    const started: ReplicaProcess[] = [];
    async function startBoth(): Promise<void> {
      [replicaA, replicaB] = await Promise.all([replicas.start(portOf(urlA)), replicas.start()]);
      started.push(replicaA, replicaB);
      urlB = replicaB.url;
    }

    beforeAll(async () => {
      redis = await RedisServer.start();
      // Upstream tokens shorter-lived than the refresh margin (60 s): each of our refreshes refreshes
      // upstream too, and the provider answers slowly enough for two replicas' refreshes to overlap.
      stack = await startReplicaStack({
        upstreamAccessTokenTtlSeconds: UPSTREAM_TOKEN_TTL_SECONDS,
        upstreamRefreshDelayMs: UPSTREAM_REFRESH_DELAY_MS,
      });
      [urlA = ''] = stack.publicUrls;
      // Both answer for A's URL, as behind one load balancer: the provider sends logins back to A.
      replicas = replicaProcesses(
        stack,
        urlA,
        { url: redis.url, keyPrefix: 'processes-test:', encryptionKey },
        [`--refresh-token-reuse-grace=${REUSE_GRACE_MS / 1000}s`],
      );
      secrets.push(...replicas.secrets);
      await startBoth();
    });
    afterAll(async () => {
      await replicas?.stopAll();
      await stack?.stop();
      await redis?.dispose();
    });

    it('logs in through A, calls and refreshes through B, revokes through A, and B refuses', async () => {
      const client = await registerClient(at(urlA));
      const tokens = await tokensThroughA(client);

      const throughB = await listPodsThrough(`${urlB}/mcp`, tokens.access_token);
      expect(throughB.status).toBe(200);
      expect(await throughB.text()).toContain('CrashLoopBackOff');

      const refreshed = await refresh(at(urlB), client, tokens.refresh_token ?? '');
      expect(refreshed.status).toBe(200);
      const renewed = keep((await refreshed.json()) as TokenAnswer);
      expect(renewed.access_token).not.toBe(tokens.access_token);
      expect(renewed.refresh_token).not.toBe(tokens.refresh_token);
      expect((await listPodsThrough(`${urlA}/mcp`, renewed.access_token)).status).toBe(200);

      const revoked = await postForm(at(urlA), '/oauth/revoke', {
        token: renewed.refresh_token,
        client_id: client.client_id,
      });
      expect(revoked.status).toBe(200);
      for (const token of [renewed.access_token, tokens.access_token]) {
        const refused = await listPodsThrough(`${urlB}/mcp`, token);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
      }
    });

    it('gives exactly one of ten redemptions of a code raced over both processes its tokens', async () => {
      const client = await registerClient(at(urlA));
      const signedIn = await signIn(at(urlA), client);
      secrets.push(signedIn.code);
      const answers = await Promise.all(
        Array.from({ length: 10 }, async (_, index) => {
          const response = await exchangeCode(at(spread(index)), client, signedIn);
          return { status: response.status, body: await json(response) };
        }),
      );
      const winners = answers.filter(({ status }) => status === 200);
      expect(winners).toHaveLength(1);
      const issued = keep(winners[0]?.body ?? {});
      const losers = answers.filter(({ status }) => status !== 200);
      expect(losers.map(({ status, body }) => [status, body.error])).toEqual(
        Array(9).fill([400, 'invalid_grant']),
      );
      // A replayed code revokes what it had issued (RFC 6749 §4.1.2), on both replicas.
      expect((await listPodsThrough(`${urlB}/mcp`, issued.access_token ?? '')).status).toBe(401);
    });

    it('refuses all ten replays of a rotated refresh token raced over both processes after the grace window', async () => {
      const client = await registerClient(at(urlA));
      const tokens = await tokensThroughA(client);
      const rotated = await refresh(at(urlB), client, tokens.refresh_token ?? '');
      expect(rotated.status).toBe(200);
      const successor = keep((await rotated.json()) as TokenAnswer);
      await sleep(REUSE_GRACE_MS);
      const answers = await Promise.all(
        Array.from({ length: 10 }, async (_, index) => {
          const response = await refresh(at(spread(index)), client, tokens.refresh_token ?? '');
          return [response.status, (await json(response)).error];
        }),
      );
      expect(answers).toEqual(Array(10).fill([400, 'invalid_grant']));
      // The replay revoked the login: its current refresh token is dead too.
      expect((await refresh(at(urlA), client, successor.refresh_token ?? '')).status).toBe(400);
    });

    it("makes one upstream refresh when both processes refresh the same login's at once; both keep working tokens", async () => {
      const client = await registerClient(at(urlA));
      const tokens = await tokensThroughA(client);
      const before = stack.idp.refreshGrants();
      const answers = await Promise.all(
        [urlA, urlB].map(async (url) =>
          keep(await tokensOf(await refresh(at(url), client, tokens.refresh_token ?? ''))),
        ),
      );
      expect(stack.idp.refreshGrants() - before).toBe(1);
      // One rotated the refresh token; the other, within the grace window, got the same answer (never a
      // 503 from waiting, never a second family).
      expect(answers[0]?.refresh_token).toBe(answers[1]?.refresh_token);
      expect((await listPodsThrough(`${urlB}/mcp`, answers[1]?.access_token ?? '')).status).toBe(200);
    });

    it('answers 503 while the store is down, turns not-ready, stays up, and recovers by itself', async () => {
      const client = await registerClient(at(urlA));
      const tokens = await tokensThroughA(client);
      const run = runOfCalls(urlB, tokens.access_token);
      try {
        await expect.poll(() => run.statuses.length, RECOVERY_DEADLINE).toBeGreaterThan(0);
        // The test's redis-server keeps nothing on disk: a snapshot now makes it come back as a Valkey
        // that persists its data does, with the login still in it.
        const admin = new Valkey(redis.url);
        try {
          await admin.save();
        } finally {
          admin.disconnect();
        }
        await redis.stop();
        const callsBeforeStop = run.statuses.length;
        await expect.poll(() => run.statuses.slice(callsBeforeStop), RECOVERY_DEADLINE).toContain(503);

        const call = await listPodsThrough(`${urlB}/mcp`, tokens.access_token);
        const refreshing = await refresh(at(urlA), client, tokens.refresh_token ?? '');
        for (const answer of [call, refreshing]) {
          expect(answer.status).toBe(503);
          expect(answer.headers.get('retry-after')).toBe('5');
          expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
          const body = await json(answer);
          expect(body.error).toBe('temporarily_unavailable');
          expect(body.error_description).toMatch(STORE_UNAVAILABLE);
        }
        for (const url of [urlA, urlB]) {
          await expect.poll(async () => (await fetch(`${url}/readyz`)).status, RECOVERY_DEADLINE).toBe(503);
          expect(await (await fetch(`${url}/readyz`)).text()).toContain('[-]store failed');
        }
        expect([replicaA.alive(), replicaB.alive()]).toEqual([true, true]);

        await redis.restart();
        await expect.poll(() => run.statuses.at(-1), RECOVERY_DEADLINE).toBe(200);
      } finally {
        if (!redis.running) await redis.restart();
        await run.stop();
      }
      // Each call either worked or said to come back: none was refused a valid token, none failed.
      expect(new Set(run.statuses)).toEqual(new Set([200, 503]));
      for (const url of [urlA, urlB]) {
        await expect.poll(async () => (await fetch(`${url}/readyz`)).status, RECOVERY_DEADLINE).toBe(200);
      }
      // The refresh refused during the outage did not spend the refresh token.
      const refreshed = await refresh(at(urlA), client, tokens.refresh_token ?? '');
      expect(refreshed.status).toBe(200);
      keep((await refreshed.json()) as TokenAnswer);
      expect([replicaA.alive(), replicaB.alive()]).toEqual([true, true]);
    });

    it('keeps a login working after both processes restart', async () => {
      const client = await registerClient(at(urlA));
      const tokens = await tokensThroughA(client);
      expect(await Promise.all([replicaA.stop(), replicaB.stop()])).toEqual([0, 0]);
      await startBoth();
      const call = await listPodsThrough(`${urlB}/mcp`, tokens.access_token);
      expect(call.status).toBe(200);
      expect(await call.text()).toContain('CrashLoopBackOff');
      const refreshed = await refresh(at(urlA), client, tokens.refresh_token ?? '');
      expect(refreshed.status).toBe(200);
      keep(await json(refreshed));
    });

    // Last: it stops the replicas, so that everything they printed is in.
    it('prints no stack trace and no secret, and exits cleanly on SIGTERM', async () => {
      expect(await Promise.all([replicaA.stop(), replicaB.stop()])).toEqual([0, 0]);
      for (const replica of started) {
        const output = replica.cli.output();
        expect(output).toContain('MCP server started');
        expect(output.match(STACK_FRAME)?.[0]).toBeUndefined();
        // Positions only: a failure must not print the secrets.
        const leaked = secrets.flatMap((secret, index) => (secret && output.includes(secret) ? [index] : []));
        expect(leaked).toEqual([]);
      }
    });
  },
);
