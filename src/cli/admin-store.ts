import { readFileSync } from 'node:fs';
import type { SettingFlag } from '../config/index.js';
import { ClientRegistry, oauthFlags, UpstreamGrants } from '../oauth/index.js';
import {
  AesGcmCipher,
  PLAINTEXT,
  parseEncryptionKey,
  type RawStorageOptions,
  RecordVault,
  resolveStorageSettings,
  type Store,
  storageFlags,
} from '../storage/index.js';

// What `admin` opens: the token store `serve` uses, from the same flags and variables, with the same
// encryption keys, so that an operator runs it beside the server with the server's environment.

const KEY_FLAGS = ['oauthEncryptionKey', 'oauthEncryptionKeyFile', 'oauthEncryptionKeyPrevious'];

/** The flags `admin` takes: the token store's and the encryption keys'. */
export const adminStoreFlags: readonly SettingFlag[] = [
  ...storageFlags,
  ...oauthFlags.filter((flag) => KEY_FLAGS.includes(flag.key)),
];

export interface AdminStore {
  readonly clients: ClientRegistry;
  readonly grants: UpstreamGrants;
  close(): Promise<void>;
}

/** A flag's value, else its variable's. */
function givenValue(
  key: string,
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const given = options[key];
  if (typeof given === 'string') return given;
  const flag = adminStoreFlags.find((candidate) => candidate.key === key);
  return flag?.env ? env[flag.env] || undefined : undefined;
}

function keyOf(key: string, options: Record<string, unknown>, env: NodeJS.ProcessEnv): Buffer | undefined {
  const file = givenValue(`${key}File`, options, env);
  const text = file ? readFileSync(file, 'utf8').trim() : givenValue(key, options, env);
  const name = adminStoreFlags.find((flag) => flag.key === key)?.name;
  return text ? parseEncryptionKey(text, name) : undefined;
}

/**
 * Opens the configured store. Refuses the memory store (it lives inside one `serve` process: there is
 * nothing to administer from outside) and settings `serve` would refuse.
 */
export async function openAdminStore(
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<AdminStore> {
  const key = keyOf('oauthEncryptionKey', options, env);
  const previous = keyOf('oauthEncryptionKeyPrevious', options, env);
  const storage: RawStorageOptions = {};
  for (const flag of storageFlags) {
    const value = options[flag.key];
    if (value !== undefined) storage[flag.key as keyof RawStorageOptions] = value as string | boolean;
  }
  const { settings } = resolveStorageSettings(storage, env, { encryptionKeyConfigured: key !== undefined });
  if (settings.type === 'memory') {
    throw new Error(
      'admin needs the store serve keeps its logins in: the memory store lives inside the serve process. ' +
        'Give --oauth-storage-type=sqlite with --oauth-storage-path, or --oauth-storage-type=valkey with ' +
        '--valkey-url (or their variables), as serve has them',
    );
  }
  const { createStore } = await import('../storage/index.js');
  const store: Store = await createStore(settings);
  const vault = new RecordVault(store, key ? new AesGcmCipher(key, previous) : PLAINTEXT);
  return {
    clients: new ClientRegistry(vault, { allowedScopes: [] }),
    grants: new UpstreamGrants(vault),
    close: () => store.close(),
  };
}
