import {
  AesGcmCipher,
  keyDerivedFrom,
  type RecordVault,
  type SealedCollection,
  secretKey,
} from '../storage/index.js';
import type { RedeemedCode } from './authorization-codes.js';
import { requireGrantType } from './client-authentication.js';
import type { OAuthClient } from './clients.js';
import { InvalidDpopProof, InvalidGrant, InvalidRequest, InvalidTarget, InvalidToken } from './errors.js';
import { effectiveScopes } from './kubernetes-scopes.js';
import { DEFAULT_LIFETIMES } from './lifetimes.js';
import { newOpaqueToken, type RandomBytes } from './random-tokens.js';
import { formatScope, parseScope, requireAllowedScopes } from './scopes.js';
import {
  actClaimOf,
  type IntrospectionResponse,
  type IntrospectionViewer,
  type RefreshedTokens,
  type RefreshRequest,
  type RevokedToken,
  type TokenRecord,
  type TokenResponse,
} from './token-records.js';
import {
  grantGroup,
  type UpstreamGrant,
  type UpstreamGrants,
  type UpstreamRefresher,
} from './upstream-grants.js';

/**
 * What a spent refresh token was rotated to: the answer its rotation gave, sealed with a key derived
 * from the spent token itself, so that only a holder of that token can open it (whatever the store's
 * encryption), and only a retry within the grace window is given it.
 */
interface RotatedTo {
  readonly rotatedAt: number;
  readonly sealedAnswer: string;
}

/** A refresh token's record: once spent, it remembers what it was rotated to. */
interface RefreshTokenRecord extends TokenRecord {
  readonly rotatedTo?: RotatedTo;
}

/** The sealed part of RotatedTo: the answer, and when its access token expires (for `expires_in`). */
interface SealedAnswer {
  readonly response: TokenResponse;
  readonly accessTokenExpiresAt: number;
}

export interface TokenServiceOptions {
  /** This server's issuer (`--oauth-base-url`), the `iss` of introspection answers. */
  readonly issuer: string;
  readonly accessTokenLifetimeMs?: number;
  /**
   * `--refresh-token-reuse-grace`: how long the client that rotated a refresh token may present it again
   * and receive the same answer (a retry whose answer was lost). 0: any reuse revokes the grant.
   */
  readonly refreshTokenReuseGraceMs?: number;
  /** Refreshes upstream tokens near expiry during our refresh grant (from src/oauth/upstream). */
  readonly upstreamRefresher?: UpstreamRefresher;
  readonly now?: () => number;
  readonly randomBytes?: RandomBytes;
}

const unknownRefreshToken = () => new InvalidGrant('the refresh token is invalid, expired or revoked');

const ROTATED_TO_PURPOSE = 'mcp-kubernetes refresh-token rotated-to';
/** Bound to the sealed record's purpose, as the vault binds its values to their kind and key. */
const ROTATED_TO_DATA = JSON.stringify(['mcp-kubernetes', 'refresh-token', 'rotated-to']);

/** Only the holder of the spent refresh token derives this cipher's key. */
function rotatedToCipher(spentRefreshToken: string): AesGcmCipher {
  return new AesGcmCipher(keyDerivedFrom(spentRefreshToken, ROTATED_TO_PURPOSE));
}

/**
 * Access and refresh tokens: opaque 256-bit strings, stored under their SHA-256, grouped under their
 * grant. Refresh tokens rotate on every use; a rotated token used again revokes the whole grant, except
 * for a retry by the same client within the grace window, which gets the rotation's answer again.
 */
export class TokenService {
  private readonly accessTokens: SealedCollection<TokenRecord>;
  private readonly refreshTokens: SealedCollection<RefreshTokenRecord>;
  private readonly now: () => number;

  constructor(
    vault: RecordVault,
    private readonly grants: UpstreamGrants,
    private readonly options: TokenServiceOptions,
  ) {
    this.accessTokens = vault.collection<TokenRecord>('access-token');
    this.refreshTokens = vault.collection<RefreshTokenRecord>('refresh-token');
    this.now = options.now ?? Date.now;
  }

  /**
   * The authorization_code grant, after `AuthorizationCodes.redeem`: an access token, and a refresh
   * token when the client registered the refresh_token grant.
   */
  async issueForCode(code: RedeemedCode, client: OAuthClient, jkt?: string): Promise<TokenResponse> {
    const refreshToken = client.grantTypes.includes('refresh_token')
      ? newOpaqueToken(this.options.randomBytes)
      : undefined;
    const family: TokenRecord = {
      clientId: code.clientId,
      subject: code.subject,
      scopes: code.scopes,
      resource: code.resource,
      grantId: code.grantId,
      issuedAt: this.now(),
      expiresAt: code.grantExpiresAt,
      // RFC 9449 §5: a public client's refresh token is bound to its DPoP key (nothing else protects it).
      ...(jkt !== undefined && client.tokenEndpointAuthMethod === 'none' ? { jkt } : {}),
    };
    if (refreshToken !== undefined) {
      const ttlMs = family.expiresAt - this.now();
      await this.refreshTokens.put(secretKey(refreshToken), family, ttlMs, grantGroup(family.grantId));
    }
    const { response } = await this.putAccessToken(family, code.scopes, refreshToken, jkt);
    await this.followRevocation(family.grantId);
    return response;
  }

  /**
   * The refresh_token grant (RFC 6749 §6, OAuth 2.1 §4.3): client-bound, scope and audience kept
   * (a narrower scope may be asked for this access token), upstream tokens refreshed first when near
   * expiry, then the refresh token rotated exactly once. The access token is stored before the rotation
   * records the answer, so a retry that receives the answer at once finds its access token alive.
   */
  async refresh(request: RefreshRequest): Promise<RefreshedTokens> {
    requireGrantType(request.client, 'refresh_token');
    const key = secretKey(request.refreshToken);
    const stored = await this.refreshTokens.get(key);
    if (!stored) throw unknownRefreshToken();
    const family = stored.value;
    // Before anything else, a retry within grace included: without the key the token is worth nothing.
    if (family.jkt !== undefined && family.jkt !== request.jkt) {
      throw new InvalidDpopProof('the refresh token is bound to a DPoP key: send a proof signed with it');
    }
    if (stored.used) return this.answerReuse(request, family);
    if (family.clientId !== request.client.clientId) {
      throw new InvalidGrant('the refresh token was issued to another client');
    }
    // A family from before our scopes existed may ask for the defaults it always had.
    const held = effectiveScopes(family.scopes);
    const scopes = requireAllowedScopes(parseScope(request.scope), held, family.scopes);
    if (request.resource !== undefined && request.resource !== family.resource) {
      throw new InvalidTarget('resource does not match the one the refresh token was issued for', {
        event: 'resource_mismatch',
        subject: family.subject,
        clientId: family.clientId,
      });
    }
    await this.refreshUpstream(family.grantId);

    const next = newOpaqueToken(this.options.randomBytes);
    const successor: TokenRecord = { ...family, issuedAt: this.now() };
    const issued = await this.putAccessToken(successor, scopes, next, request.jkt);
    const outcome = await this.refreshTokens.rotate(
      key,
      {
        key: secretKey(next),
        value: successor,
        ttlMs: family.expiresAt - this.now(),
        group: grantGroup(family.grantId),
      },
      { ...family, rotatedTo: this.seal(request.refreshToken, issued) },
    );
    if (outcome.status !== 'first') {
      // Another request spent the token first: this access token was never given out.
      await this.accessTokens.delete(secretKey(issued.response.access_token));
      if (outcome.status === 'missing') throw unknownRefreshToken();
      return this.answerReuse(request, outcome.value);
    }
    await this.followRevocation(family.grantId);
    return { ...issued.response, subject: family.subject };
  }

  /**
   * The bearer check of the MCP endpoint: a token we issued, alive, for one of `acceptedResources`.
   * Throws InvalidToken otherwise.
   */
  async verifyAccessToken(token: string, acceptedResources: readonly string[]): Promise<TokenRecord> {
    const record = await this.activeAccessToken(token);
    if (!record) throw new InvalidToken('the access token is invalid, expired or revoked');
    if (!acceptedResources.includes(record.resource)) {
      throw new InvalidToken('the access token was issued for another resource', {
        event: 'resource_mismatch',
        subject: record.subject,
        clientId: record.clientId,
      });
    }
    return record;
  }

  /** The record of an access token we issued that has not expired nor been revoked, else undefined. */
  async activeAccessToken(token: string): Promise<TokenRecord | undefined> {
    const record = (await this.accessTokens.get(secretKey(token)))?.value;
    return record && record.expiresAt > this.now() ? record : undefined;
  }

  /**
   * A token exchange's access token (RFC 8693): `record` says for whom, acting as whom, and until when
   * at most; it joins the subject token's grant, so that revoking the grant revokes it. No refresh token.
   */
  async issueExchanged(record: TokenRecord, jkt: string | undefined): Promise<TokenResponse> {
    const { response } = await this.putAccessToken(record, record.scopes, undefined, jkt);
    await this.followRevocation(record.grantId);
    return response;
  }

  /** RFC 7662: `{active: false}` for unknown, expired, used or other clients' tokens. */
  async introspect(token: string, viewer: IntrospectionViewer): Promise<IntrospectionResponse> {
    const found = await this.find(token);
    if (!found || found.used) return { active: false };
    const { record, type } = found;
    if (viewer !== 'registration-token-holder' && viewer.clientId !== record.clientId) {
      return { active: false };
    }
    return {
      active: true,
      scope: formatScope(record.scopes),
      client_id: record.clientId,
      sub: record.subject,
      exp: Math.floor(record.expiresAt / 1000),
      iat: Math.floor(record.issuedAt / 1000),
      aud: record.resource,
      iss: this.options.issuer,
      token_type: type === 'refresh' ? 'refresh_token' : record.jkt ? 'DPoP' : 'Bearer',
      ...(type === 'access' && record.actor ? { act: actClaimOf(record.actor) } : {}),
      ...(record.jkt ? { cnf: { jkt: record.jkt } } : {}),
    };
  }

  /**
   * RFC 7009: an unknown token is not an error. Another client's token is refused (InvalidRequest) and
   * nothing changes. An access token is revoked alone; a refresh token revokes its whole grant.
   * Returns what was revoked, undefined for an unknown token.
   */
  async revoke(token: string, client: OAuthClient): Promise<RevokedToken | undefined> {
    const found = await this.find(token);
    if (!found) return undefined;
    if (found.record.clientId !== client.clientId) {
      throw new InvalidRequest('client is not authorized to revoke the presented token');
    }
    if (found.type === 'access') await this.accessTokens.delete(secretKey(token));
    else await this.grants.revoke(found.record.grantId);
    return { type: found.type, subject: found.record.subject };
  }

  private async find(token: string) {
    const key = secretKey(token);
    const access = await this.accessTokens.get(key);
    if (access) return { type: 'access' as const, record: access.value, used: false };
    const refresh = await this.refreshTokens.get(key);
    return refresh && { type: 'refresh' as const, record: refresh.value, used: refresh.used };
  }

  /**
   * Stores a new access token of `family`, bound to the DPoP key `jkt` if given; returns the answer that
   * gives it out (with `refreshToken`).
   */
  private async putAccessToken(
    { jkt: _familyKey, ...family }: TokenRecord,
    scopes: readonly string[],
    refreshToken: string | undefined,
    jkt: string | undefined,
  ): Promise<SealedAnswer> {
    const accessToken = newOpaqueToken(this.options.randomBytes);
    const lifetimeMs = this.options.accessTokenLifetimeMs ?? DEFAULT_LIFETIMES.accessTokenMs;
    // One reading of the clock: `expires_in` must say the lifetime the record was stored with, not
    // what is left of it after the awaits below (a second boundary crossed made it 3599).
    const issuedAt = this.now();
    const expiresAt = Math.min(issuedAt + lifetimeMs, family.expiresAt);
    const record: TokenRecord = { ...family, scopes, issuedAt, expiresAt, ...(jkt ? { jkt } : {}) };
    await this.accessTokens.put(
      secretKey(accessToken),
      record,
      expiresAt - issuedAt,
      grantGroup(family.grantId),
    );
    const response: TokenResponse = {
      access_token: accessToken,
      token_type: jkt ? 'DPoP' : 'Bearer',
      expires_in: Math.max(0, Math.floor((expiresAt - issuedAt) / 1000)),
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      scope: formatScope(scopes),
    };
    return { response, accessTokenExpiresAt: expiresAt };
  }

  /**
   * A revocation that raced with an issuance may have deleted the group before the new tokens joined
   * it: revoke again, so they die with it. The answer still stands, since the code or refresh token was
   * spent by this request: as if the revocation had come just after it (a spent secret answers once).
   */
  private async followRevocation(grantId: string): Promise<void> {
    if (!(await this.grants.get(grantId))) await this.grants.revoke(grantId);
  }

  private seal(spentRefreshToken: string, answer: SealedAnswer): RotatedTo {
    const sealedAnswer = rotatedToCipher(spentRefreshToken).seal(JSON.stringify(answer), ROTATED_TO_DATA);
    return { rotatedAt: this.now(), sealedAnswer };
  }

  /**
   * A spent refresh token presented again. The client that spent it, within the grace window, is
   * retrying a refresh whose answer it did not get (or lost the race to a sibling sharing its token
   * cache): it gets the same answer again, never new tokens. Anyone else, or later, may hold a stolen
   * copy: the grant is revoked.
   */
  private async answerReuse(request: RefreshRequest, spent: RefreshTokenRecord): Promise<RefreshedTokens> {
    const graceMs = this.options.refreshTokenReuseGraceMs ?? 0;
    const { rotatedTo } = spent;
    const withinGrace =
      rotatedTo !== undefined &&
      spent.clientId === request.client.clientId &&
      this.now() - rotatedTo.rotatedAt < graceMs;
    if (!withinGrace) return this.refuseReplay(spent);
    await this.requireGrant(spent.grantId);
    const sealed = rotatedToCipher(request.refreshToken).open(rotatedTo.sealedAnswer, ROTATED_TO_DATA);
    const { response, accessTokenExpiresAt } = JSON.parse(sealed) as SealedAnswer;
    return {
      ...response,
      expires_in: Math.max(0, Math.floor((accessTokenExpiresAt - this.now()) / 1000)),
      subject: spent.subject,
      retriedWithinGrace: true,
    };
  }

  private async refreshUpstream(grantId: string): Promise<void> {
    const refresher = this.options.upstreamRefresher;
    if (refresher) await this.grants.refreshUpstreamOnce(grantId, refresher);
    else await this.requireGrant(grantId);
  }

  private async requireGrant(grantId: string): Promise<UpstreamGrant> {
    const grant = await this.grants.get(grantId);
    if (!grant) throw new InvalidGrant('the grant has expired or was revoked');
    return grant;
  }

  private refuseReplay(family: TokenRecord): Promise<never> {
    return this.grants.revokeOnReuse(
      family,
      'the refresh token was already used; the grant is revoked',
      'refresh_token_reuse_detected',
    );
  }
}
