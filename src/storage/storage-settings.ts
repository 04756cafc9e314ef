import { readFileSync } from 'node:fs';
import * as z from 'zod';
import {
  booleanSetting,
  choiceSetting,
  flagName,
  flagOf,
  optionalNumberSetting,
  parseSettings,
  readSecret,
  Secret,
  type SettingFlag,
  secretWithFileSettings,
  setting,
  settingFlags,
  settingsSchema,
  textSetting,
} from '../config/index.js';
import { isLoopbackHost } from '../net/index.js';

export const STORAGE_TYPES = ['memory', 'sqlite', 'valkey'] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

const MAX_DB = 65_535;

/** The token store's settings as flags and variables; `resolveStorageSettings` checks how they fit. */
export const storageSettingDeclarations = {
  oauthStorageType: choiceSetting(STORAGE_TYPES, 'memory', {
    description:
      'where OAuth tokens live: memory (lost on restart), sqlite (one replica), valkey (several replicas)',
    placeholder: STORAGE_TYPES.join('|'),
  }),
  oauthStoragePath: textSetting({
    description: 'the SQLite file of --oauth-storage-type=sqlite (created readable by its owner only)',
    placeholder: 'path',
  }),
  valkeyUrl: textSetting({
    description: 'Valkey or Redis server of --oauth-storage-type=valkey: redis://host:6379 or rediss://',
    placeholder: 'url',
  }),
  ...secretWithFileSettings('valkeyPassword', {
    description: 'its password (prefer the variable or the file)',
    env: 'VALKEY_PASSWORD',
    fileDescription: 'file holding the Valkey password',
  }),
  valkeyTls: booleanSetting(false, { description: 'connect to Valkey over TLS (rediss:// implies it)' }),
  valkeyCaFile: textSetting({
    description: 'PEM file of a private CA that signs the Valkey server certificate (implies TLS)',
    placeholder: 'path',
    env: 'VALKEY_CA_FILE',
  }),
  // Not trimmed: a prefix is matched byte for byte.
  valkeyKeyPrefix: setting(
    z.string({ error: 'takes a text value' }).min(1, 'takes a non-empty value').default('mcp:'),
    {
      description: 'prefix of every key, so that several deployments can share one server',
      kind: 'value',
      placeholder: 'prefix',
      defaultText: 'mcp:',
    },
  ),
  valkeyDb: optionalNumberSetting(
    '0',
    { min: 0, max: MAX_DB, integer: true },
    { description: 'Valkey database number (or the /n of the URL)', placeholder: 'n' },
  ),
  allowUnencryptedStorage: booleanSetting(false, {
    description: 'INSECURE: keep tokens in sqlite or valkey without --oauth-encryption-key',
  }),
};

export type StorageOptionKey = keyof typeof storageSettingDeclarations;

/** Every storage flag in `--help` order: the CLI and the docs are generated from it. */
export const storageFlags: readonly SettingFlag[] = settingFlags(storageSettingDeclarations);

/** The storage flags' values, each parsed on its own; `resolveStorageSettings` checks how they fit. */
export const storageOptionsSchema = settingsSchema(storageSettingDeclarations);

export type StorageOptions = z.output<typeof storageOptionsSchema>;
/** Values as flags give them (strings, booleans); every key optional. */
export type RawStorageOptions = Partial<Record<StorageOptionKey, string | boolean | number>>;

export interface MemoryStorageSettings {
  type: 'memory';
}

export interface SqliteStorageSettings {
  type: 'sqlite';
  path: string;
}

export interface ValkeyStorageSettings {
  type: 'valkey';
  /** Without a password: one given in the URL is moved to `password`. */
  url: string;
  password?: Secret;
  tls: boolean;
  /** PEM of the only CA trusted for the server's certificate (--valkey-ca-file); default: the system's. */
  ca?: string;
  keyPrefix: string;
  db?: number;
}

export type StorageSettings = MemoryStorageSettings | SqliteStorageSettings | ValkeyStorageSettings;

export interface StorageSettingsResolution {
  settings: StorageSettings;
  /** Insecure or risky choices, to be printed at start-up. */
  warnings: string[];
}

/** Storage settings that do not fit; each problem names its flag and says what to do. */
export class StorageSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'StorageSettingsError';
  }
}

const VALKEY_SCHEMES = new Set(['redis:', 'rediss:', 'valkey:', 'valkeys:']);
const TLS_SCHEMES = new Set(['rediss:', 'valkeys:']);

const OPTIONS_OF_TYPE: Record<StorageType, readonly StorageOptionKey[]> = {
  memory: [],
  sqlite: ['oauthStoragePath'],
  valkey: [
    'valkeyUrl',
    'valkeyPassword',
    'valkeyPasswordFile',
    'valkeyTls',
    'valkeyCaFile',
    'valkeyKeyPrefix',
    'valkeyDb',
  ],
};

/**
 * Resolves the storage settings from flag values (`raw`, keys in camelCase) and the environment: a flag
 * wins over its variable. `encryptionKeyConfigured` says whether --oauth-encryption-key (or its variable
 * or file) is set: sqlite and valkey refuse to keep tokens unencrypted unless --allow-unencrypted-storage.
 * Throws StorageSettingsError listing every problem. Never puts a secret in a message.
 */
export function resolveStorageSettings(
  raw: RawStorageOptions,
  env: Readonly<Record<string, string | undefined>>,
  context: { encryptionKeyConfigured: boolean },
): StorageSettingsResolution {
  const options = parseSettings(storageOptionsSchema, storageFlags, raw, env, StorageSettingsError);
  const problems: string[] = [];
  const warnings: string[] = [];
  const settings = settingsOfType(options, raw, problems, warnings);
  if (settings.type !== 'memory') {
    checkEncryption(settings.type, options.allowUnencryptedStorage, context, problems, warnings);
  }
  for (const type of STORAGE_TYPES.filter((candidate) => candidate !== settings.type)) {
    for (const key of OPTIONS_OF_TYPE[type].filter((candidate) => raw[candidate] !== undefined)) {
      warnings.push(`${flagName(key)} is ignored with --oauth-storage-type=${settings.type}`);
    }
  }
  if (problems.length > 0) throw new StorageSettingsError(problems);
  return { settings, warnings };
}

function settingsOfType(
  options: StorageOptions,
  raw: RawStorageOptions,
  problems: string[],
  warnings: string[],
): StorageSettings {
  switch (options.oauthStorageType) {
    case 'memory':
      return { type: 'memory' };
    case 'sqlite':
      if (options.oauthStoragePath === undefined) {
        problems.push(
          '--oauth-storage-type=sqlite needs --oauth-storage-path: the SQLite file, ' +
            'e.g. --oauth-storage-path=/var/lib/mcp-kubernetes/oauth.db',
        );
      }
      return { type: 'sqlite', path: options.oauthStoragePath ?? '' };
    case 'valkey':
      return valkeySettings(options, raw, problems, warnings);
  }
}

function valkeySettings(
  options: StorageOptions,
  raw: RawStorageOptions,
  problems: string[],
  warnings: string[],
): ValkeyStorageSettings {
  const ca = options.valkeyCaFile === undefined ? undefined : readCaFile(options.valkeyCaFile, problems);
  const base = {
    type: 'valkey' as const,
    url: options.valkeyUrl ?? '',
    tls: options.valkeyTls || options.valkeyCaFile !== undefined,
    ...(ca ? { ca } : {}),
    keyPrefix: options.valkeyKeyPrefix,
    ...(options.valkeyDb !== undefined ? { db: options.valkeyDb } : {}),
  };
  const password = valkeyPassword(options, raw, problems, warnings);
  if (options.valkeyUrl === undefined) {
    problems.push(
      '--oauth-storage-type=valkey needs --valkey-url: the Valkey or Redis server, ' +
        'e.g. --valkey-url=redis://valkey:6379 (or rediss:// for TLS)',
    );
    return { ...base, ...(password ? { password } : {}) };
  }
  const url = URL.canParse(options.valkeyUrl) ? new URL(options.valkeyUrl) : undefined;
  if (!url || !VALKEY_SCHEMES.has(url.protocol) || url.hostname === '') {
    // The URL may hold a password: the message does not repeat it.
    problems.push('--valkey-url takes a URL such as redis://host:6379, rediss://host:6380 or valkey://host');
    return { ...base, url: '' };
  }
  const urlDb = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
  if (urlDb !== undefined && !(Number.isInteger(urlDb) && urlDb >= 0)) {
    problems.push('--valkey-url may end with a database number (/0, /1, ...) and nothing else');
  } else if (urlDb !== undefined && options.valkeyDb !== undefined && urlDb !== options.valkeyDb) {
    problems.push(`--valkey-db ${options.valkeyDb} contradicts the database /${urlDb} of --valkey-url`);
  }
  // The password leaves the URL for a Secret, so that the settings can be logged; a flag's wins.
  const urlPassword = url.password ? new Secret(decodeURIComponent(url.password)) : undefined;
  url.password = '';
  if (urlPassword) {
    warnings.push(
      '--valkey-url holds a password, visible to other users of this machine when given on the command ' +
        'line: prefer VALKEY_PASSWORD or --valkey-password-file',
    );
  }
  const tls = base.tls || TLS_SCHEMES.has(url.protocol);
  if (!tls && !isLoopbackHost(url.hostname)) {
    warnings.push(
      `Valkey at ${url.hostname} is reached without TLS: its password and the (hashed, sealed) records ` +
        'cross the network in clear; use rediss:// or --valkey-tls',
    );
  }
  const secret = password ?? urlPassword;
  return { ...base, url: url.href, tls, ...(secret ? { password: secret } : {}) };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function readCaFile(file: string, problems: string[]): string | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`--valkey-ca-file ${file} cannot be read (${reason})`);
    return undefined;
  }
  if (PEM_CERTIFICATE.test(content)) return content;
  problems.push(`--valkey-ca-file ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return undefined;
}

function valkeyPassword(
  options: StorageOptions,
  raw: RawStorageOptions,
  problems: string[],
  warnings: string[],
): Secret | undefined {
  const source = {
    flag: flagOf(storageFlags, 'valkeyPassword'),
    value: options.valkeyPassword,
    onCommandLine: raw.valkeyPassword !== undefined,
    file: { flag: flagOf(storageFlags, 'valkeyPasswordFile'), path: options.valkeyPasswordFile },
  };
  return readSecret(source, { problems, warnings });
}

function checkEncryption(
  type: 'sqlite' | 'valkey',
  allowUnencrypted: boolean,
  context: { encryptionKeyConfigured: boolean },
  problems: string[],
  warnings: string[],
): void {
  if (context.encryptionKeyConfigured) return;
  const where = type === 'sqlite' ? 'in a file' : 'in Valkey';
  if (allowUnencrypted) {
    warnings.push(
      `--allow-unencrypted-storage: upstream tokens and emails are stored ${where} unencrypted (insecure)`,
    );
    return;
  }
  problems.push(
    `--oauth-storage-type=${type} keeps tokens ${where}, so it needs --oauth-encryption-key ` +
      '(or OAUTH_ENCRYPTION_KEY, or --oauth-encryption-key-file; generate one with ' +
      '`openssl rand -base64 32`) to encrypt them at rest, or --allow-unencrypted-storage (insecure)',
  );
}
