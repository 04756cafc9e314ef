/**
 * The shared store cannot be reached right now (connection refused or lost, a command timed out, the
 * server is loading). Requests fail at once with it rather than wait; the HTTP layer answers 503, and the
 * store keeps reconnecting on its own. The message names the backend and the reason, never a credential.
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly backend: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the OAuth token store (${backend}) is unavailable: ${reason}; try again shortly`, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A store that may be unreachable for a while (Valkey); the others are always available. */
export interface ReportsAvailability {
  /** True while the store is connected and answering; readiness probes report it. */
  readonly available: boolean;
}

/** Whether a store can serve requests now: for readiness checks. */
export function isStoreAvailable(store: object): boolean {
  return !('available' in store) || (store as ReportsAvailability).available;
}
