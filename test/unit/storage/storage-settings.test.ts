import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type RawStorageOptions,
  resolveStorageSettings,
  StorageSettingsError,
  storageFlags,
} from '../../../src/storage/storage-settings.js';

const encrypted = { encryptionKeyConfigured: true };
const resolve = (raw: RawStorageOptions, env: Record<string, string> = {}, context = encrypted) =>
  resolveStorageSettings(raw, env, context);

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof StorageSettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a StorageSettingsError');
}

describe('storage settings', () => {
  const folder = mkdtempSync(join(tmpdir(), 'storage-settings-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps tokens in memory by default, encryption key or not', () => {
    expect(resolve({}, {}, { encryptionKeyConfigured: false })).toEqual({
      settings: { type: 'memory' },
      warnings: [],
    });
  });

  it('lists every flag with its variable, default and help', () => {
    expect(storageFlags.map((flag) => [flag.name, flag.env, flag.default])).toEqual([
      ['--oauth-storage-type', 'MCP_KUBERNETES_OAUTH_STORAGE_TYPE', 'memory'],
      ['--oauth-storage-path', 'MCP_KUBERNETES_OAUTH_STORAGE_PATH', undefined],
      ['--valkey-url', 'MCP_KUBERNETES_VALKEY_URL', undefined],
      ['--valkey-password', 'VALKEY_PASSWORD', undefined],
      ['--valkey-password-file', 'VALKEY_PASSWORD_FILE', undefined],
      ['--valkey-tls', 'MCP_KUBERNETES_VALKEY_TLS', 'false'],
      ['--valkey-ca-file', 'VALKEY_CA_FILE', undefined],
      ['--valkey-key-prefix', 'MCP_KUBERNETES_VALKEY_KEY_PREFIX', 'mcp:'],
      ['--valkey-db', 'MCP_KUBERNETES_VALKEY_DB', '0'],
      ['--allow-unencrypted-storage', 'MCP_KUBERNETES_ALLOW_UNENCRYPTED_STORAGE', 'false'],
    ]);
    expect(storageFlags.filter((flag) => flag.secret).map((flag) => flag.name)).toEqual([
      '--valkey-password',
    ]);
    expect(storageFlags.every((flag) => flag.help.length > 10)).toBe(true);
  });

  it('rejects an unknown storage type, naming the choices', () => {
    expect(problemsOf(() => resolve({ oauthStorageType: 'postgres' }))).toEqual([
      '--oauth-storage-type takes one of memory, sqlite, valkey, got "postgres"',
    ]);
  });

  it('needs a path for sqlite', () => {
    expect(problemsOf(() => resolve({ oauthStorageType: 'sqlite' }))[0]).toMatch(
      /^--oauth-storage-type=sqlite needs --oauth-storage-path/,
    );
    expect(resolve({ oauthStorageType: 'sqlite', oauthStoragePath: '/var/lib/m/oauth.db' }).settings).toEqual(
      {
        type: 'sqlite',
        path: '/var/lib/m/oauth.db',
      },
    );
  });

  it('needs a URL for valkey, and takes only redis, rediss, valkey and valkeys URLs', () => {
    expect(problemsOf(() => resolve({ oauthStorageType: 'valkey' }))[0]).toMatch(
      /^--oauth-storage-type=valkey needs --valkey-url/,
    );
    expect(problemsOf(() => resolve({ oauthStorageType: 'valkey', valkeyUrl: 'http://x:pw@h' }))).toEqual([
      '--valkey-url takes a URL such as redis://host:6379, rediss://host:6380 or valkey://host',
    ]);
  });

  it('refuses sqlite and valkey without an encryption key, naming both ways out', () => {
    const noKey = { encryptionKeyConfigured: false };
    for (const raw of [
      { oauthStorageType: 'sqlite', oauthStoragePath: '/tmp/x.db' },
      { oauthStorageType: 'valkey', valkeyUrl: 'redis://127.0.0.1:6379' },
    ]) {
      const [problem] = problemsOf(() => resolve(raw, {}, noKey));
      expect(problem).toContain('--oauth-encryption-key');
      expect(problem).toContain('--allow-unencrypted-storage');
    }
  });

  it('accepts unencrypted persistent storage only with the insecure flag, and warns', () => {
    const raw = { oauthStorageType: 'sqlite', oauthStoragePath: '/tmp/x.db', allowUnencryptedStorage: true };
    const { warnings } = resolve(raw, {}, { encryptionKeyConfigured: false });
    expect(warnings).toEqual([
      expect.stringMatching(/--allow-unencrypted-storage: .* unencrypted \(insecure\)/),
    ]);
  });

  it('reads every valkey setting, from flags or the environment', () => {
    const { settings, warnings } = resolve(
      { oauthStorageType: 'valkey', valkeyKeyPrefix: 'team-a:' },
      {
        MCP_KUBERNETES_VALKEY_URL: 'rediss://valkey.internal:6380',
        VALKEY_PASSWORD: 'from-env',
        MCP_KUBERNETES_VALKEY_DB: '3',
      },
    );
    expect(settings).toMatchObject({
      type: 'valkey',
      url: 'rediss://valkey.internal:6380',
      tls: true,
      keyPrefix: 'team-a:',
      db: 3,
    });
    expect(settings.type === 'valkey' && settings.password?.reveal()).toBe('from-env');
    expect(warnings).toEqual([]);
  });

  it('defaults the key prefix to mcp: and leaves the database to the URL', () => {
    const { settings } = resolve({ oauthStorageType: 'valkey', valkeyUrl: 'redis://127.0.0.1/4' });
    expect(settings).toEqual({ type: 'valkey', url: 'redis://127.0.0.1/4', tls: false, keyPrefix: 'mcp:' });
  });

  it('refuses a --valkey-db that contradicts the URL, or a database out of range', () => {
    expect(
      problemsOf(() => resolve({ oauthStorageType: 'valkey', valkeyUrl: 'redis://h/4', valkeyDb: '5' })),
    ).toEqual(['--valkey-db 5 contradicts the database /4 of --valkey-url']);
    expect(
      problemsOf(() => resolve({ oauthStorageType: 'valkey', valkeyUrl: 'redis://h', valkeyDb: '-1' })),
    ).toEqual(['--valkey-db takes a whole number from 0 to 65535, got "-1"']);
  });

  it('reads the password from a file, and refuses both a password and a file', () => {
    const file = join(folder, 'valkey-password');
    writeFileSync(file, 'from-file\n');
    const base = { oauthStorageType: 'valkey', valkeyUrl: 'redis://127.0.0.1' };
    const { settings } = resolve({ ...base, valkeyPasswordFile: file });
    expect(settings.type === 'valkey' && settings.password?.reveal()).toBe('from-file');
    expect(
      problemsOf(() => resolve({ ...base, valkeyPasswordFile: file }, { VALKEY_PASSWORD: 'x' })),
    ).toEqual(['give --valkey-password (or VALKEY_PASSWORD) or --valkey-password-file, not both']);
    expect(problemsOf(() => resolve({ ...base, valkeyPasswordFile: join(folder, 'none') }))[0]).toMatch(
      /--valkey-password-file .* cannot be read \(ENOENT\)/,
    );
  });

  it('never prints the password, and warns when it is on the command line or in the URL', () => {
    const { settings, warnings } = resolve({
      oauthStorageType: 'valkey',
      valkeyUrl: 'redis://:url-secret@127.0.0.1',
      valkeyPassword: 'flag-secret',
    });
    expect(JSON.stringify(settings)).not.toMatch(/flag-secret|url-secret/);
    expect(warnings.join('\n')).not.toMatch(/flag-secret|url-secret/);
    expect(warnings).toEqual([
      expect.stringMatching(/^--valkey-password on the command line is visible/),
      expect.stringMatching(/^--valkey-url holds a password/),
    ]);
    expect(settings.type === 'valkey' && settings.password?.reveal()).toBe('flag-secret');
  });

  it('never repeats a URL that does not parse, as it may hold a password', () => {
    const [problem] = problemsOf(() =>
      resolve({ oauthStorageType: 'valkey', valkeyUrl: 'ftp://u:hunter2@h' }),
    );
    expect(problem).not.toContain('hunter2');
  });

  it('moves a password out of the URL into the secret, keeping the user name', () => {
    const { settings } = resolve({
      oauthStorageType: 'valkey',
      valkeyUrl: 'redis://app:p%40ss@127.0.0.1:6379/2',
    });
    expect(settings).toMatchObject({ url: 'redis://app@127.0.0.1:6379/2' });
    expect(settings.type === 'valkey' && settings.password?.reveal()).toBe('p@ss');
  });

  it('warns when valkey is reached over the network without TLS', () => {
    const { warnings } = resolve({ oauthStorageType: 'valkey', valkeyUrl: 'redis://valkey.internal:6379' });
    expect(warnings).toEqual([expect.stringMatching(/^Valkey at valkey\.internal is reached without TLS/)]);
    const tls = resolve({ oauthStorageType: 'valkey', valkeyUrl: 'redis://v:6379', valkeyTls: 'true' });
    expect(tls.warnings).toEqual([]);
    expect(tls.settings).toMatchObject({ tls: true });
  });

  it('trusts only the CA of --valkey-ca-file (or VALKEY_CA_FILE), which implies TLS', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const caFile = join(folder, 'valkey-ca.pem');
    writeFileSync(caFile, pem);
    const { settings, warnings } = resolve(
      { oauthStorageType: 'valkey', valkeyUrl: 'redis://valkey.internal:6379' },
      { VALKEY_CA_FILE: caFile },
    );
    expect(settings).toMatchObject({ tls: true, ca: pem });
    expect(warnings).toEqual([]);
  });

  it('refuses a --valkey-ca-file that cannot be read or holds no certificate', () => {
    const notPem = join(folder, 'not-a-certificate.txt');
    writeFileSync(notPem, 'hello');
    const valkey = { oauthStorageType: 'valkey', valkeyUrl: 'rediss://v:6380' };
    expect(problemsOf(() => resolve({ ...valkey, valkeyCaFile: join(folder, 'missing.pem') }))).toEqual([
      `--valkey-ca-file ${join(folder, 'missing.pem')} cannot be read (ENOENT)`,
    ]);
    expect(problemsOf(() => resolve({ ...valkey, valkeyCaFile: notPem }))).toEqual([
      `--valkey-ca-file ${notPem} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    ]);
  });

  it('warns about flags of another storage type', () => {
    const { warnings } = resolve({ oauthStoragePath: '/tmp/x.db', valkeyUrl: 'redis://h' });
    expect(warnings).toEqual([
      '--oauth-storage-path is ignored with --oauth-storage-type=memory',
      '--valkey-url is ignored with --oauth-storage-type=memory',
    ]);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(() =>
      resolve(
        { oauthStorageType: 'valkey', valkeyPassword: 'a', valkeyPasswordFile: '/x' },
        {},
        {
          encryptionKeyConfigured: false,
        },
      ),
    );
    expect(problems).toHaveLength(3);
  });
});
