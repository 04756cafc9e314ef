import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Valkey } from 'iovalkey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmCipher, PLAINTEXT, type RecordCipher } from '../../../src/storage/encryption.js';
import { RecordVault } from '../../../src/storage/record-vault.js';
import { secretKey } from '../../../src/storage/secret-keys.js';
import { SqliteStore } from '../../../src/storage/sqlite/index.js';
import type { Store } from '../../../src/storage/store.js';
import { ValkeyStore } from '../../../src/storage/valkey/index.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';

const HOUR_MS = 3_600_000;

/** The secrets of one login, each a distinct text that must not be found in the store's bytes. */
function loginSecrets() {
  const random = () => randomBytes(24).toString('base64url');
  return {
    accessToken: `mcp_at_${random()}`,
    refreshToken: `mcp_rt_${random()}`,
    nextRefreshToken: `mcp_rt_${random()}`,
    code: `mcp_code_${random()}`,
    clientSecret: `mcp_cs_${random()}`,
    upstreamAccessToken: `ya29.${random()}`,
    upstreamRefreshToken: `1//${random()}`,
    upstreamIdToken: `eyJ${random()}.${random()}`,
    email: `person-${randomUUID().slice(0, 8)}@example.com`,
  };
}

type Secrets = ReturnType<typeof loginSecrets>;

/** What the OAuth server writes for one login, through the vault as it does. */
async function writeLogin(vault: RecordVault, secrets: Secrets): Promise<void> {
  const grant = {
    email: secrets.email,
    upstream: {
      accessToken: secrets.upstreamAccessToken,
      refreshToken: secrets.upstreamRefreshToken,
      idToken: secrets.upstreamIdToken,
    },
  };
  await vault.collection('client').put('client-1', { secret: secrets.clientSecret }, HOUR_MS);
  const codes = vault.collection<typeof grant>('code');
  await codes.put(secretKey(secrets.code), grant, HOUR_MS, 'grant-1');
  await codes.useOnce(secretKey(secrets.code));
  await vault.collection('grant').put('grant-1', grant, HOUR_MS, 'grant-1');
  await vault.collection('access-token').put(secretKey(secrets.accessToken), grant, HOUR_MS, 'grant-1');
  const refresh = vault.collection<typeof grant>('refresh-token');
  await refresh.put(secretKey(secrets.refreshToken), grant, HOUR_MS, 'grant-1');
  await refresh.rotate(secretKey(secrets.refreshToken), {
    key: secretKey(secrets.nextRefreshToken),
    value: grant,
    ttlMs: HOUR_MS,
    group: 'grant-1',
  });
  await vault.collection('login-state').put('state-1', { email: secrets.email }, HOUR_MS);
}

function secretsFoundIn(bytes: Buffer, secrets: Secrets): string[] {
  return Object.entries(secrets)
    .filter(([, text]) => bytes.includes(Buffer.from(text, 'utf8')))
    .map(([name]) => name);
}

const sealing = (): RecordCipher => new AesGcmCipher(randomBytes(32));

describe('SQLite at rest', () => {
  const folder = mkdtempSync(join(tmpdir(), 'at-rest-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** The file and its write-ahead log, while open and after close. */
  async function dumpAfterLogin(cipher: RecordCipher, secrets: Secrets): Promise<Buffer> {
    const path = join(folder, `${randomUUID()}.db`);
    const store = new SqliteStore({ path });
    await writeLogin(new RecordVault(store, cipher), secrets);
    const files = () => [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file));
    const whileOpen = files();
    await store.close();
    return Buffer.concat([...whileOpen, ...files()]);
  }

  it('holds no token, code, client secret, upstream token or email in clear', async () => {
    const secrets = loginSecrets();
    expect(secretsFoundIn(await dumpAfterLogin(sealing(), secrets), secrets)).toEqual([]);
  });

  it('would show them without an encryption key (the dump does see values)', async () => {
    const secrets = loginSecrets();
    const found = secretsFoundIn(await dumpAfterLogin(PLAINTEXT, secrets), secrets);
    expect(found).toContain('upstreamAccessToken');
    expect(found).toContain('email');
    // Keys are hashes even without a key: the bearer tokens and the code themselves are never stored.
    expect(found).not.toContain('accessToken');
    expect(found).not.toContain('code');
  });
});

describe.skipIf(redisServerMissing)(`Valkey at rest on redis-server ${redisServerMissing ?? ''}`, () => {
  let server: RedisServer;
  let admin: Valkey;
  beforeAll(async () => {
    server = await RedisServer.start();
    admin = new Valkey(server.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.dispose();
  });

  /** Every key name and every value of every key, whatever its type. */
  async function dumpEveryKey(): Promise<Buffer> {
    const parts: string[] = [];
    for (const key of await admin.keys('*')) {
      parts.push(key);
      const type = await admin.type(key);
      if (type === 'hash') parts.push(...Object.entries(await admin.hgetall(key)).flat());
      else if (type === 'set') parts.push(...(await admin.smembers(key)));
      else if (type === 'string') parts.push((await admin.get(key)) ?? '');
      else throw new Error(`unexpected ${type} key ${key}`);
    }
    return Buffer.from(parts.join('\n'), 'utf8');
  }

  async function dumpAfterLogin(cipher: RecordCipher, secrets: Secrets): Promise<Buffer> {
    await admin.flushall();
    const store: Store = new ValkeyStore({ url: server.url });
    try {
      await (store as ValkeyStore).waitUntilAvailable(5_000);
      await writeLogin(new RecordVault(store, cipher), secrets);
      await store.incrementBelow('clients-per-ip:203.0.113.9', 10, HOUR_MS);
      return await dumpEveryKey();
    } finally {
      await store.close();
    }
  }

  it('holds no token, code, client secret, upstream token or email in clear in any key', async () => {
    const secrets = loginSecrets();
    expect(secretsFoundIn(await dumpAfterLogin(sealing(), secrets), secrets)).toEqual([]);
  });

  it('would show them without an encryption key (the dump does see values)', async () => {
    const secrets = loginSecrets();
    const found = secretsFoundIn(await dumpAfterLogin(PLAINTEXT, secrets), secrets);
    expect(found).toEqual(expect.arrayContaining(['upstreamAccessToken', 'clientSecret', 'email']));
    expect(found).not.toContain('refreshToken');
  });
});
