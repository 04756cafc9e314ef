import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServingCertificates } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawStorageOptions, resolveStorageSettings } from '../../../src/storage/storage-settings.js';
import type { Store } from '../../../src/storage/store.js';
import { createStore } from '../../../src/storage/store-factory.js';
import { isStoreAvailable } from '../../../src/storage/store-unavailable-error.js';
import { RedisServer, redisServerMissing } from '../../helpers/redis-server.js';

// The Valkey store over TLS, from the flags a user gives to a working connection: Debian's
// redis-server serving TLS only (no plain port), with a certificate from a private CA.

const SHORT_WAIT = { valkeyStartupWaitMs: 1_500 };

describe.skipIf(redisServerMissing !== undefined)(
  `the Valkey store over TLS${redisServerMissing ? ` (${redisServerMissing})` : ''}`,
  () => {
    let redis: RedisServer;
    let folder: string;
    let caFile: string;
    const opened: Store[] = [];

    async function storeFrom(raw: RawStorageOptions, env: Record<string, string> = {}): Promise<Store> {
      const { settings } = resolveStorageSettings(
        { oauthStorageType: 'valkey', valkeyKeyPrefix: 'tls-test:', ...raw },
        env,
        { encryptionKeyConfigured: true },
      );
      const store = await createStore(settings, SHORT_WAIT);
      opened.push(store);
      return store;
    }

    async function expectWorking(store: Store): Promise<void> {
      expect(isStoreAvailable(store)).toBe(true);
      await store.put('probe', 'k', 'sealed value', 60_000);
      expect(await store.get('probe', 'k')).toEqual({ value: 'sealed value', used: false });
    }

    beforeAll(async () => {
      const certificates = await generateServingCertificates(['127.0.0.1', 'localhost']);
      folder = mkdtempSync(join(tmpdir(), 'valkey-tls-'));
      caFile = join(folder, 'ca.pem');
      writeFileSync(caFile, certificates.caCert);
      redis = await RedisServer.start({ tls: { cert: certificates.cert, key: certificates.key } });
    });
    afterAll(async () => {
      for (const store of opened) await store.close();
      await redis?.dispose();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('connects to a rediss:// URL trusting the CA of --valkey-ca-file', async () => {
      await expectWorking(await storeFrom({ valkeyUrl: redis.url, valkeyCaFile: caFile }));
    });

    it('connects over TLS to a redis:// URL with --valkey-tls and VALKEY_CA_FILE', async () => {
      const plainUrl = redis.url.replace('rediss://', 'redis://');
      await expectWorking(
        await storeFrom({ valkeyUrl: plainUrl, valkeyTls: 'true' }, { VALKEY_CA_FILE: caFile }),
      );
    });

    it('does not trust a certificate that only the private CA signed without --valkey-ca-file', async () => {
      const store = await storeFrom({ valkeyUrl: redis.url });
      expect(isStoreAvailable(store)).toBe(false);
      const reason = (store as Store & { unavailableReason?: string }).unavailableReason ?? '';
      expect(reason).toMatch(/certificate/i);
      await expect(store.get('probe', 'k')).rejects.toThrow(/unavailable/);
    });
  },
);
