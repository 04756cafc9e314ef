import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../helpers/free-port.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';
import { callMcpWith, DpopKey } from '../oauth/dpop-helpers.js';
import { postForm, registerClient, type TokenAnswer, tokensOf } from '../oauth/oauth-harness.js';
import {
  at,
  INITIALIZE,
  loginThrough,
  portOf,
  type ReplicaStack,
  startReplicaStack,
} from './replica-fixtures.js';

// DPoP across two replicas of one public URL sharing a Valkey-protocol store: a nonce one replica
// handed out is good on the other, and a proof used on one is a replay on the other.

const ENCRYPTION_KEY = randomBytes(32).toString('base64');

describe.skipIf(redisServerMissing !== undefined)(
  `DPoP on two replicas sharing one store${redisServerMissing ? ` (${redisServerMissing})` : ''}`,
  () => {
    let redis: RedisServer;
    let stack: ReplicaStack;
    let baseUrl: string;
    let urlB: string;

    beforeAll(async () => {
      redis = await RedisServer.start();
      stack = await startReplicaStack();
      [baseUrl = ''] = stack.publicUrls;
      urlB = `http://127.0.0.1:${await freeLoopbackPort()}`;
      const storage = { oauthStorageType: 'valkey', valkeyUrl: redis.url, valkeyKeyPrefix: 'dpop-test:' };
      for (const port of [portOf(baseUrl), portOf(urlB)]) {
        await stack.serve(stack.config(port, baseUrl, storage, { oauthEncryptionKey: ENCRYPTION_KEY }));
      }
    });
    afterAll(async () => {
      await stack?.stop();
      await redis?.dispose();
    });

    it("takes A's nonce on B, and refuses on B a proof already used on A", async () => {
      const client = await registerClient(at(baseUrl));
      const { tokens } = await loginThrough(baseUrl, client);
      const key = await DpopKey.generate();
      // The token endpoint's htu is the public URL, whichever replica answers.
      const tokenUrl = `${baseUrl}/oauth/token`;
      const refreshThrough = async (url: string, nonce?: string) =>
        postForm(
          at(url),
          '/oauth/token',
          { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id },
          { dpop: await key.proof('POST', tokenUrl, nonce ? { nonce } : {}) },
        );
      const askedForNonce = await refreshThrough(baseUrl);
      expect(askedForNonce.status).toBe(400);
      const nonce = askedForNonce.headers.get('dpop-nonce') ?? '';
      const bound: TokenAnswer = await tokensOf(await refreshThrough(urlB, nonce));
      expect(bound.token_type).toBe('DPoP');

      const mcp = `${baseUrl}/mcp`;
      const proof = await key.proof('POST', mcp, { accessToken: bound.access_token });
      const throughA = await callMcpWith(mcp, 'DPoP', bound.access_token, proof, INITIALIZE);
      expect(throughA.status).toBe(200);
      await throughA.text();
      const replayOnB = await callMcpWith(`${urlB}/mcp`, 'DPoP', bound.access_token, proof, INITIALIZE);
      expect(replayOnB.status).toBe(401);
      expect(replayOnB.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_dpop_proof"/);
      expect(await replayOnB.json()).toMatchObject({
        error_description: 'the DPoP proof was already used (its jti was seen before)',
      });
      const fresh = await key.proof('POST', mcp, { accessToken: bound.access_token });
      const freshOnB = await callMcpWith(`${urlB}/mcp`, 'DPoP', bound.access_token, fresh, INITIALIZE);
      expect(freshOnB.status).toBe(200);
    });
  },
);
