import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../../src/storage/encryption.js';
import { RecordVault } from '../../../src/storage/record-vault.js';
import { secretKey } from '../../../src/storage/secret-keys.js';
import type { StorageSettings } from '../../../src/storage/storage-settings.js';
import { createStore } from '../../../src/storage/store-factory.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';

const HOUR_MS = 3_600_000;
const key = randomBytes(32);

interface AccessToken {
  email: string;
}

/** Issues a token through one store, then checks it through a new store on the same storage. */
async function expectTokenToSurviveRestart(settings: StorageSettings): Promise<void> {
  const token = `mcp_at_${randomBytes(24).toString('base64url')}`;
  const refresh = `mcp_rt_${randomBytes(24).toString('base64url')}`;
  const before = await createStore(settings);
  const issuing = new RecordVault(before, new AesGcmCipher(key));
  await issuing
    .collection<AccessToken>('access-token')
    .put(secretKey(token), { email: 'a@example.com' }, HOUR_MS, 'g');
  await issuing
    .collection<AccessToken>('refresh-token')
    .put(secretKey(refresh), { email: 'a@example.com' }, HOUR_MS, 'g');
  await before.close();

  const after = await createStore(settings);
  try {
    const vault = new RecordVault(after, new AesGcmCipher(key));
    expect(await vault.collection<AccessToken>('access-token').get(secretKey(token))).toEqual({
      value: { email: 'a@example.com' },
      used: false,
    });
    const next = { key: secretKey('next'), value: { email: 'a@example.com' }, ttlMs: HOUR_MS, group: 'g' };
    const rotation = await vault.collection<AccessToken>('refresh-token').rotate(secretKey(refresh), next);
    expect(rotation.status).toBe('first');
    expect(await vault.deleteGroup('g')).toBe(3);
  } finally {
    await after.close();
  }
}

describe('restart with sqlite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'restart-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps a token issued before the restart working after it', async () => {
    await expectTokenToSurviveRestart({ type: 'sqlite', path: join(folder, 'oauth.db') });
  });
});

describe.skipIf(redisServerMissing)(`restart with valkey on redis-server ${redisServerMissing ?? ''}`, () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps a token issued before the restart working after it (a new client, the same server)', async () => {
    await expectTokenToSurviveRestart({
      type: 'valkey',
      url: server.url,
      tls: false,
      keyPrefix: `restart-${randomUUID()}:`,
    });
  });
});
