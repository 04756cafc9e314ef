import type { RecordVault, SealedCollection } from '../storage/index.js';
import { InvalidGrant, TemporarilyUnavailable } from './errors.js';
import { DEFAULT_LIFETIMES } from './lifetimes.js';
import { newOpaqueToken, type RandomBytes } from './random-tokens.js';

/** Who logged in, as the identity provider vouched for it (email only when verified). */
export interface UserIdentity {
  readonly subject: string;
  readonly email?: string;
  readonly groups: readonly string[];
}

/** The identity provider's tokens for one grant. Stored encrypted when a key is configured. */
export interface UpstreamTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** Milliseconds since the epoch; undefined when the provider did not say. */
  readonly expiresAt?: number;
  /** When `idToken` expires (its `exp`), in milliseconds: it may die before the access token. */
  readonly idTokenExpiresAt?: number;
  readonly scope?: string;
}

/**
 * One login of one user for one client. Its tokens and codes are grouped under it, so revoking the
 * grant revokes all of them and deletes our copy of the upstream tokens (we do not revoke at the
 * provider: with one upstream client, that would log the user out of every client).
 */
export interface UpstreamGrant {
  readonly grantId: string;
  readonly clientId: string;
  readonly identity: UserIdentity;
  readonly scopes: readonly string[];
  readonly upstream: UpstreamTokens;
  readonly createdAt: number;
  /** The end of the login: the refresh family lives until then and no longer. */
  readonly expiresAt: number;
}

export interface NewGrant {
  readonly clientId: string;
  readonly identity: UserIdentity;
  readonly scopes: readonly string[];
  readonly upstream: UpstreamTokens;
}

/**
 * Asks the identity provider for new tokens with the grant's upstream refresh token. It throws
 * InvalidGrant when the provider refused for good (the grant is then revoked), anything else for a
 * temporary failure. A missing `refreshToken` in its answer keeps the old one; a missing `idToken`
 * leaves none (a stale ID token is never kept).
 */
export type UpstreamRefresher = (grant: UpstreamGrant) => Promise<UpstreamTokens>;

export interface UpstreamGrantsOptions {
  /** The grant's lifetime: `refreshTokenMs` of the lifetimes. */
  readonly grantLifetimeMs?: number;
  /** Upstream tokens this close to expiry are refreshed (default 60 s). */
  readonly refreshMarginMs?: number;
  /** How long one refresh may hold the lock (default 30 s). */
  readonly refreshLockMs?: number;
  /** How often a caller waiting for another replica's refresh looks again (default 50 ms). */
  readonly refreshPollMs?: number;
  readonly now?: () => number;
  readonly randomBytes?: RandomBytes;
}

export function grantGroup(grantId: string): string {
  return `grant:${grantId}`;
}

export class UpstreamGrants {
  private readonly grants: SealedCollection<UpstreamGrant>;
  private readonly now: () => number;
  private readonly refreshesInFlight = new Map<string, Promise<UpstreamGrant>>();

  constructor(
    private readonly vault: RecordVault,
    private readonly options: UpstreamGrantsOptions = {},
  ) {
    this.grants = vault.collection<UpstreamGrant>('grant');
    this.now = options.now ?? Date.now;
  }

  /** Stores a new grant after a successful upstream login. */
  async create(details: NewGrant): Promise<UpstreamGrant> {
    const lifetimeMs = this.options.grantLifetimeMs ?? DEFAULT_LIFETIMES.refreshTokenMs;
    const createdAt = this.now();
    const grant: UpstreamGrant = {
      ...details,
      grantId: newOpaqueToken(this.options.randomBytes),
      createdAt,
      expiresAt: createdAt + lifetimeMs,
    };
    await this.grants.put(grant.grantId, grant, lifetimeMs, grantGroup(grant.grantId));
    return grant;
  }

  /** The live grant, or undefined when it expired or was revoked. */
  async get(grantId: string): Promise<UpstreamGrant | undefined> {
    return (await this.grants.get(grantId))?.value;
  }

  /** Revokes the grant with every code and token issued under it. */
  async revoke(grantId: string): Promise<void> {
    await this.vault.deleteGroup(grantGroup(grantId));
  }
  /** Every live grant (operators list and revoke them). */
  async list(): Promise<UpstreamGrant[]> {
    return (await this.grants.list()).map(({ value }) => value);
  }

  /** Revokes every grant of a client (the client was deleted); returns how many. */
  async revokeAllOfClient(clientId: string): Promise<number> {
    const ofClient = (await this.list()).filter((grant) => grant.clientId === clientId);
    for (const grant of ofClient) await this.revoke(grant.grantId);
    return ofClient.length;
  }

  /**
   * A spent code or refresh token came back: whoever holds it may have stolen it, so the whole login
   * goes, and the request is refused with the security event to audit.
   */
  async revokeOnReuse(
    spent: { readonly grantId: string; readonly subject: string; readonly clientId: string },
    description: string,
    event: 'authorization_code_reuse_detected' | 'refresh_token_reuse_detected',
  ): Promise<never> {
    await this.revoke(spent.grantId);
    throw new InvalidGrant(description, { event, subject: spent.subject, clientId: spent.clientId });
  }

  /**
   * The grant with upstream tokens that are not about to expire, refreshing them if needed. However many
   * callers ask at once, in this process or on other replicas, one refresh happens: callers in this
   * process share it, other replicas wait on the store's lock and read its result.
   * Throws InvalidGrant when the grant is gone or the provider refused (the grant is then revoked).
   */
  refreshUpstreamOnce(grantId: string, refresher: UpstreamRefresher): Promise<UpstreamGrant> {
    const inFlight = this.refreshesInFlight.get(grantId);
    if (inFlight) return inFlight;
    const refresh = this.refreshUnderLock(grantId, refresher).finally(() =>
      this.refreshesInFlight.delete(grantId),
    );
    this.refreshesInFlight.set(grantId, refresh);
    return refresh;
  }

  private async refreshUnderLock(grantId: string, refresher: UpstreamRefresher): Promise<UpstreamGrant> {
    const lockMs = this.options.refreshLockMs ?? 30_000;
    const pollMs = this.options.refreshPollMs ?? 50;
    const due = await this.require(grantId);
    if (this.isFresh(due)) return due;
    // Tokens that replaced the ones found due were refreshed by someone else: use them, even when they
    // are not "fresh" (a provider whose tokens live shorter than the margin), or each waiter would
    // refresh once more.
    const settled = (grant: UpstreamGrant) =>
      this.isFresh(grant) || grant.upstream.accessToken !== due.upstream.accessToken;
    for (let waited = 0; waited <= lockMs; waited += pollMs) {
      const lock = await this.vault.tryLock(`upstream-refresh:${grantId}`, lockMs);
      if (lock) {
        try {
          const current = await this.require(grantId);
          return settled(current) ? current : await this.replaceUpstreamTokens(current, refresher);
        } finally {
          await lock.release();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const current = await this.require(grantId);
      if (settled(current)) return current;
    }
    throw new TemporarilyUnavailable('the refresh of the upstream login is taking too long');
  }

  private async replaceUpstreamTokens(grant: UpstreamGrant, refresher: UpstreamRefresher) {
    if (grant.upstream.refreshToken === undefined) {
      await this.revoke(grant.grantId);
      throw new InvalidGrant('the upstream login has expired; log in again');
    }
    let fresh: UpstreamTokens;
    try {
      fresh = await refresher(grant);
    } catch (error) {
      if (error instanceof InvalidGrant) await this.revoke(grant.grantId);
      throw error;
    }
    const refreshToken = fresh.refreshToken ?? grant.upstream.refreshToken;
    const refreshed: UpstreamGrant = { ...grant, upstream: { ...fresh, refreshToken } };
    // update, not put: a grant revoked meanwhile must stay revoked.
    if (!(await this.grants.update(grant.grantId, refreshed))) throw revokedGrant();
    return refreshed;
  }

  private async require(grantId: string): Promise<UpstreamGrant> {
    const grant = await this.get(grantId);
    if (!grant) throw revokedGrant();
    return grant;
  }

  /** Neither upstream token is about to expire (the ID token is a cluster credential too). */
  private isFresh(grant: UpstreamGrant): boolean {
    const { expiresAt, idTokenExpiresAt } = grant.upstream;
    const margin = this.options.refreshMarginMs ?? 60_000;
    return [expiresAt, idTokenExpiresAt].every((end) => end === undefined || end - this.now() > margin);
  }
}

function revokedGrant(): InvalidGrant {
  return new InvalidGrant('the grant has expired or was revoked');
}
