import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Secret } from '../oauth/secret.js';

export const STORAGE_TYPES = ['memory', 'sqlite', 'valkey'] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

/** What the CLI, the environment and the docs need to know about one storage flag. */
export interface StorageFlag {
  /** The option's key in camelCase: its key in `resolveStorageSettings(raw)`. */
  key: StorageOptionKey;
  /** `--oauth-storage-type` */
  name: string;
  /** The environment variable read when the flag is not given. */
  env: string;
  /** The default as `--help` shows it. */
  default?: string;
  help: string;
  kind: 'boolean' | 'value';
  /** The value's name in `--help`, e.g. `url`. */
  placeholder?: string;
  /** Never printed; better given by environment variable or file than on the command line. */
  secret: boolean;
}

type FlagDetails = Omit<StorageFlag, 'key' | 'name' | 'env' | 'secret'> & { env?: string; secret?: boolean };

const flagDetails = (help: string, details: Partial<FlagDetails> = {}): FlagDetails => ({
  help,
  kind: 'value',
  ...details,
});

const booleanSchema = (defaultValue: boolean) =>
  z
    .union([z.boolean(), z.string()], { error: 'takes true or false' })
    .transform((value, context) => {
      if (typeof value === 'boolean') return value;
      const text = value.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(text)) return true;
      if (['false', '0', 'no', ''].includes(text)) return false;
      context.addIssue({ code: 'custom', message: `takes true or false, got ${JSON.stringify(value)}` });
      return z.NEVER;
    })
    .default(defaultValue);

const textSchema = () =>
  z.string({ error: 'takes a text value' }).trim().min(1, 'takes a non-empty value').optional();

const MAX_DB = 65_535;
const dbSchema = z
  .union([z.number(), z.string()], { error: `takes a whole number from 0 to ${MAX_DB}` })
  .transform((raw, context) => {
    const value = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isInteger(value) && value >= 0 && value <= MAX_DB) return value;
    context.addIssue({
      code: 'custom',
      message: `takes a whole number from 0 to ${MAX_DB}, got ${JSON.stringify(raw)}`,
    });
    return z.NEVER;
  })
  .optional();

const options = {
  oauthStorageType: {
    schema: z
      .enum(STORAGE_TYPES, {
        error: (issue) => `takes one of ${STORAGE_TYPES.join(', ')}, got ${JSON.stringify(issue.input)}`,
      })
      .default('memory'),
    flag: flagDetails(
      'where OAuth tokens live: memory (lost on restart), sqlite (one replica), valkey (several replicas)',
      { placeholder: STORAGE_TYPES.join('|'), default: 'memory' },
    ),
  },
  oauthStoragePath: {
    schema: textSchema(),
    flag: flagDetails('the SQLite file of --oauth-storage-type=sqlite (created readable by its owner only)', {
      placeholder: 'path',
    }),
  },
  valkeyUrl: {
    schema: textSchema(),
    flag: flagDetails(
      'Valkey or Redis server of --oauth-storage-type=valkey: redis://host:6379 or rediss://',
      {
        placeholder: 'url',
      },
    ),
  },
  valkeyPassword: {
    schema: textSchema(),
    flag: flagDetails('its password (prefer the variable or the file)', {
      placeholder: 'secret',
      env: 'VALKEY_PASSWORD',
      secret: true,
    }),
  },
  valkeyPasswordFile: {
    schema: textSchema(),
    flag: flagDetails('file holding the Valkey password', {
      placeholder: 'path',
      env: 'VALKEY_PASSWORD_FILE',
    }),
  },
  valkeyTls: {
    schema: booleanSchema(false),
    flag: flagDetails('connect to Valkey over TLS (rediss:// implies it)', {
      kind: 'boolean',
      default: 'false',
    }),
  },
  valkeyKeyPrefix: {
    schema: z.string({ error: 'takes a text value' }).min(1, 'takes a non-empty value').default('mcp:'),
    flag: flagDetails('prefix of every key, so that several deployments can share one server', {
      placeholder: 'prefix',
      default: 'mcp:',
    }),
  },
  valkeyDb: {
    schema: dbSchema,
    flag: flagDetails('Valkey database number (or the /n of the URL)', { placeholder: 'n', default: '0' }),
  },
  allowUnencryptedStorage: {
    schema: booleanSchema(false),
    flag: flagDetails('INSECURE: keep tokens in sqlite or valkey without --oauth-encryption-key', {
      kind: 'boolean',
      default: 'false',
    }),
  },
} satisfies Record<string, { schema: z.ZodType; flag: FlagDetails }>;

export type StorageOptionKey = keyof typeof options;

function flagNameOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Every storage flag in `--help` order: the CLI and the docs are generated from it. */
export const storageFlags: readonly StorageFlag[] = Object.entries(options).map(([key, spec]) => {
  const flag: FlagDetails = spec.flag;
  const name = flagNameOf(key);
  return {
    ...flag,
    key: key as StorageOptionKey,
    name,
    env: flag.env ?? `MCP_KUBERNETES_${name.slice(2).replaceAll('-', '_').toUpperCase()}`,
    secret: flag.secret ?? false,
  };
});

type Schemas = { [K in StorageOptionKey]: (typeof options)[K]['schema'] };

/** The storage flags' values, each parsed on its own; `resolveStorageSettings` checks how they fit. */
export const storageOptionsSchema = z.strictObject(
  Object.fromEntries(Object.entries(options).map(([key, spec]) => [key, spec.schema])) as Schemas,
);

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
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

const OPTIONS_OF_TYPE: Record<StorageType, readonly StorageOptionKey[]> = {
  memory: [],
  sqlite: ['oauthStoragePath'],
  valkey: ['valkeyUrl', 'valkeyPassword', 'valkeyPasswordFile', 'valkeyTls', 'valkeyKeyPrefix', 'valkeyDb'],
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
  const merged = Object.fromEntries(
    storageFlags
      .map((flag) => [flag.key, raw[flag.key] ?? nonEmpty(env[flag.env])])
      .filter(([, value]) => value !== undefined),
  );
  const parsed = storageOptionsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new StorageSettingsError(
      parsed.error.issues.map((issue) => {
        const key = issue.path[0];
        return typeof key === 'string' ? `${flagNameOf(key)} ${issue.message}` : issue.message;
      }),
    );
  }
  const options = parsed.data;
  const problems: string[] = [];
  const warnings: string[] = [];
  const settings = settingsOfType(options, raw, problems, warnings);
  if (settings.type !== 'memory') {
    checkEncryption(settings.type, options.allowUnencryptedStorage, context, problems, warnings);
  }
  for (const type of STORAGE_TYPES.filter((candidate) => candidate !== settings.type)) {
    for (const key of OPTIONS_OF_TYPE[type].filter((candidate) => raw[candidate] !== undefined)) {
      warnings.push(`${flagNameOf(key)} is ignored with --oauth-storage-type=${settings.type}`);
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
  const base = {
    type: 'valkey' as const,
    url: options.valkeyUrl ?? '',
    tls: options.valkeyTls,
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
  const tls = options.valkeyTls || TLS_SCHEMES.has(url.protocol);
  if (!tls && !LOOPBACK_HOSTS.has(url.hostname)) {
    warnings.push(
      `Valkey at ${url.hostname} is reached without TLS: its password and the (hashed, sealed) records ` +
        'cross the network in clear; use rediss:// or --valkey-tls',
    );
  }
  const secret = password ?? urlPassword;
  return { ...base, url: url.href, tls, ...(secret ? { password: secret } : {}) };
}

function valkeyPassword(
  options: StorageOptions,
  raw: RawStorageOptions,
  problems: string[],
  warnings: string[],
): Secret | undefined {
  const { valkeyPassword: value, valkeyPasswordFile: file } = options;
  if (value !== undefined && file !== undefined) {
    problems.push('give --valkey-password (or VALKEY_PASSWORD) or --valkey-password-file, not both');
    return undefined;
  }
  if (value !== undefined) {
    if (raw.valkeyPassword !== undefined) {
      warnings.push(
        '--valkey-password on the command line is visible to other users of this machine (ps, /proc): ' +
          'prefer VALKEY_PASSWORD or --valkey-password-file',
      );
    }
    return new Secret(value);
  }
  if (file === undefined) return undefined;
  try {
    const content = readFileSync(file, 'utf8').trim();
    if (content !== '') return new Secret(content);
    problems.push(`--valkey-password-file ${file} is empty`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`--valkey-password-file ${file} cannot be read (${reason})`);
  }
  return undefined;
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

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
