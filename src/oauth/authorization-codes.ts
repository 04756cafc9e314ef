import { type RecordVault, type SealedCollection, secretKey } from '../storage/index.js';
import { InvalidDpopProof, InvalidGrant, InvalidTarget } from './errors.js';
import { DEFAULT_LIFETIMES } from './lifetimes.js';
import { requireMatchingVerifier } from './pkce.js';
import { newOpaqueToken, type RandomBytes } from './random-tokens.js';
import { grantGroup, type UpstreamGrants } from './upstream-grants.js';

/** What a code is bound to: everything the token request must match, and the login it belongs to. */
export interface AuthorizationCodeBinding {
  readonly clientId: string;
  /** The redirect_uri of the authorization request; undefined when it was omitted there. */
  readonly redirectUri: string | undefined;
  /** The S256 code_challenge (see pkce.ts `requireS256Challenge`). */
  readonly codeChallenge: string;
  /** RFC 9449 §10 (`dpop_jkt`): the token request must prove this DPoP key. */
  readonly dpopJkt?: string;
  readonly scopes: readonly string[];
  /** The resource (RFC 8707) the tokens will be bound to. */
  readonly resource: string;
  readonly subject: string;
  readonly grantId: string;
}

/** The token request's side of the code exchange (RFC 6749 §4.1.3, RFC 7636 §4.5, RFC 8707 §2.2). */
export interface CodeRedemption {
  readonly code: string;
  /** The authenticated client (see client-authentication.ts). */
  readonly clientId: string;
  readonly redirectUri: string | undefined;
  readonly codeVerifier: string | undefined;
  /** A `resource` parameter, if the token request had one. */
  readonly resource: string | undefined;
  /** The thumbprint of the DPoP key the token request proved, if it sent a proof. */
  readonly dpopJkt: string | undefined;
}

/** A spent code: its binding, and when its grant ends (read before the code was spent; see `redeem`). */
export interface RedeemedCode extends AuthorizationCodeBinding {
  readonly grantExpiresAt: number;
}

export interface AuthorizationCodesOptions {
  readonly codeLifetimeMs?: number;
  readonly randomBytes?: RandomBytes;
}

/** Single-use authorization codes, stored under the SHA-256 of the code, in their grant's group. */
export class AuthorizationCodes {
  private readonly codes: SealedCollection<AuthorizationCodeBinding>;

  constructor(
    vault: RecordVault,
    private readonly grants: UpstreamGrants,
    private readonly options: AuthorizationCodesOptions = {},
  ) {
    this.codes = vault.collection<AuthorizationCodeBinding>('authorization-code');
  }

  /** Issues a code for a completed login; the code is returned once and stored only as a hash. */
  async issue(binding: AuthorizationCodeBinding): Promise<string> {
    const code = newOpaqueToken(this.options.randomBytes);
    const lifetimeMs = this.options.codeLifetimeMs ?? DEFAULT_LIFETIMES.authorizationCodeMs;
    await this.codes.put(secretKey(code), binding, lifetimeMs, grantGroup(binding.grantId));
    return code;
  }

  /**
   * Spends a code. Every check that a stranger could fail comes before the code is spent, so a wrong
   * client, verifier or DPoP key cannot burn someone else's code. A second use by its own client (a replay, or
   * the losers of a race) revokes the grant and every token the code produced (RFC 6749 §4.1.2).
   * Throws InvalidGrant, InvalidRequest (malformed verifier) or InvalidTarget.
   *
   * The grant is read before the code is spent: losers only revoke it after seeing the code spent, so
   * the winner of a race always knows its grant and answers, even when (across replicas) a loser's
   * revocation lands before the winner's tokens are stored. Those tokens die with the grant
   * (tokens.ts), as they would had the replay come after the answer.
   */
  async redeem(redemption: CodeRedemption): Promise<RedeemedCode> {
    const key = secretKey(redemption.code);
    const stored = await this.codes.get(key);
    if (!stored) throw new InvalidGrant('the authorization code is invalid or has expired');
    const binding = stored.value;
    if (binding.clientId !== redemption.clientId) {
      throw new InvalidGrant('the authorization code was issued to another client');
    }
    if (stored.used) return this.refuseReplay(binding);
    const concerned = { subject: binding.subject, clientId: binding.clientId };
    if (redemption.redirectUri !== binding.redirectUri) {
      throw new InvalidGrant('redirect_uri does not match the authorization request', {
        event: 'invalid_redirect',
        ...concerned,
      });
    }
    requireMatchingVerifier(redemption.codeVerifier, binding.codeChallenge);
    if (binding.dpopJkt !== undefined && binding.dpopJkt !== redemption.dpopJkt) {
      throw new InvalidDpopProof(
        'the authorization code is bound to a DPoP key (dpop_jkt): send a proof signed with that key',
      );
    }
    if (redemption.resource !== undefined && redemption.resource !== binding.resource) {
      throw new InvalidTarget('resource does not match the authorization request', {
        event: 'resource_mismatch',
        ...concerned,
      });
    }
    const grant = await this.grants.get(binding.grantId);
    if (!grant) throw new InvalidGrant('the grant has expired or was revoked');
    const outcome = await this.codes.useOnce(key);
    if (outcome.status === 'replay') return this.refuseReplay(binding);
    if (outcome.status === 'missing') throw new InvalidGrant('the authorization code was revoked');
    return { ...binding, grantExpiresAt: grant.expiresAt };
  }

  private refuseReplay(binding: AuthorizationCodeBinding): Promise<never> {
    return this.grants.revokeOnReuse(
      binding,
      'the authorization code was already used; its tokens are revoked',
      'authorization_code_reuse_detected',
    );
  }
}
