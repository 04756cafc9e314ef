import { MemoryStore } from './memory/index.js';
import type { StorageSettings } from './storage-settings.js';
import type { Store } from './store.js';

export interface CreateStoreOptions {
  /** How long start-up waits for Valkey before going on without it. Default 5 s. */
  readonly valkeyStartupWaitMs?: number;
  /** Told when the shared store becomes unreachable or comes back: log it (`reason` holds no secret). */
  readonly onAvailabilityChange?: (available: boolean, reason: string) => void;
  readonly now?: () => number;
}

const DEFAULT_VALKEY_STARTUP_WAIT_MS = 5_000;

/**
 * Opens the store the settings name; the SQLite and Valkey code is loaded only when chosen.
 *
 * Valkey at start-up: a server that refuses the password or the database fails start-up (a fix of the
 * settings is needed, retrying cannot help). A server that cannot be reached within the wait does not:
 * the store is returned unavailable (see `isStoreAvailable`, for the readiness probe), requests answer
 * 503 with StoreUnavailableError, and the store connects by itself when the server appears. Valkey and
 * this server are often started together; a crash loop would only add restart backoff, and this is the
 * same behaviour as an outage while running.
 */
export async function createStore(
  settings: StorageSettings,
  options: CreateStoreOptions = {},
): Promise<Store> {
  const now = options.now ?? Date.now;
  switch (settings.type) {
    case 'memory':
      return new MemoryStore({ now });
    case 'sqlite': {
      const { SqliteStore } = await import('./sqlite/index.js');
      return new SqliteStore({ path: settings.path, now });
    }
    case 'valkey': {
      const { ValkeyStore } = await import('./valkey/index.js');
      const store = new ValkeyStore({
        url: settings.url,
        tls: settings.tls,
        ...(settings.ca ? { ca: settings.ca } : {}),
        keyPrefix: settings.keyPrefix,
        ...(settings.password ? { password: settings.password.reveal() } : {}),
        ...(settings.db !== undefined ? { db: settings.db } : {}),
        ...(options.onAvailabilityChange ? { onAvailabilityChange: options.onAvailabilityChange } : {}),
      });
      try {
        const connected = await store.waitUntilAvailable(
          options.valkeyStartupWaitMs ?? DEFAULT_VALKEY_STARTUP_WAIT_MS,
        );
        if (!connected) {
          options.onAvailabilityChange?.(
            false,
            `starting without the token store: ${store.unavailableReason}; ` +
              'OAuth requests answer 503 until it can be reached',
          );
        }
      } catch (error) {
        await store.close();
        throw error;
      }
      return store;
    }
  }
}
