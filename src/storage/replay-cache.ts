import type { Store } from './store.js';

/**
 * Remembers one-time values (a DPoP proof's `jti`) for a while, in the token store, so that a value
 * seen by one replica is refused by every other: the first use wins atomically in each backend, as
 * `incrementBelow` with a limit of one decides it.
 */
export class ReplayCache {
  constructor(
    private readonly store: Pick<Store, 'incrementBelow'>,
    private readonly namespace: string,
  ) {}

  /** True the first time `key` is seen within `ttlMs`; false for every later sighting until then. */
  async firstUse(key: string, ttlMs: number): Promise<boolean> {
    return (await this.store.incrementBelow(`replay:${this.namespace}:${key}`, 1, ttlMs)) !== undefined;
  }
}
