import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AesGcmCipher, RecordDecryptionError } from '../../../src/storage/encryption.js';
import { MemoryStore } from '../../../src/storage/memory/index.js';
import { RecordVault } from '../../../src/storage/record-vault.js';
import { secretKey } from '../../../src/storage/secret-keys.js';

const HOUR_MS = 3_600_000;

describe('RecordVault', () => {
  const store = new MemoryStore();
  afterEach(() => store.close());

  it('stores values encrypted when a key is set, and reads them back typed', async () => {
    const vault = new RecordVault(store, new AesGcmCipher(randomBytes(32)));
    const grants = vault.collection<{ upstreamToken: string }>('grant');
    await grants.put('g1', { upstreamToken: 'ya29.secret' }, HOUR_MS);
    const raw = await store.get('grant', 'g1');
    expect(raw?.value).not.toContain('ya29.secret');
    expect((await grants.get('g1'))?.value).toEqual({ upstreamToken: 'ya29.secret' });
  });

  it('refuses a sealed value copied into another record', async () => {
    const vault = new RecordVault(store, new AesGcmCipher(randomBytes(32)));
    const grants = vault.collection<string>('grant');
    await grants.put('victim', 'token', HOUR_MS);
    const raw = await store.get('grant', 'victim');
    await store.put('grant', 'attacker', raw?.value ?? '', HOUR_MS);
    await expect(grants.get('attacker')).rejects.toThrow(RecordDecryptionError);
    await store.put('code', 'victim', raw?.value ?? '', HOUR_MS);
    await expect(vault.collection<string>('code').get('victim')).rejects.toThrow(RecordDecryptionError);
  });

  it('opens the values returned by useOnce and rotate', async () => {
    const vault = new RecordVault(store, new AesGcmCipher(randomBytes(32)));
    const tokens = vault.collection<{ n: number }>('refresh');
    await tokens.put('r1', { n: 1 }, HOUR_MS);
    expect(await tokens.rotate('r1', { key: 'r2', value: { n: 2 }, ttlMs: HOUR_MS })).toEqual({
      status: 'first',
      value: { n: 1 },
    });
    expect((await tokens.get('r2'))?.value).toEqual({ n: 2 });
    expect(await tokens.useOnce('r1')).toEqual({ status: 'replay', value: { n: 1 } });
  });

  it('keys secrets by their SHA-256, never by the secret itself', () => {
    const key = secretKey('a-token');
    expect(key).toHaveLength(43);
    expect(key).not.toContain('a-token');
    expect(secretKey('a-token')).toBe(key);
    expect(secretKey('b-token')).not.toBe(key);
  });
});
