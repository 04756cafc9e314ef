import type { OAuthClient } from './clients.js';
import { InvalidGrant, InvalidRequest, InvalidScope, InvalidTarget, UnauthorizedClient } from './errors.js';
import { effectiveScopes } from './kubernetes-scopes.js';
import type { Parameters } from './request-parameters.js';
import { formatScope, parseScope } from './scopes.js';
import type { Actor, TokenRecord, TokenResponse } from './token-records.js';
import type { TokenService } from './tokens.js';
import type { UpstreamGrants } from './upstream-grants.js';

/** RFC 8693 §2.1 */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 8693 §3: the only token type we take and give: our own access tokens. */
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface ExchangedToken {
  readonly response: TokenResponse;
  /** The user the token acts for (audit only). */
  readonly subject: string;
  readonly actor: Actor;
}

/**
 * RFC 8693 token exchange for agents acting for a user: the authenticated `client` presents one of our
 * access tokens (`subject_token`) and receives an access token for an audience on its operator-set
 * allow-list, recording itself as the actor (`act`, nested over an earlier actor), with at most the
 * subject token's scopes and lifetime, in the subject token's grant, and without a refresh token.
 */
export async function exchangeToken(
  form: Parameters,
  client: OAuthClient,
  services: { readonly tokens: TokenService; readonly grants: UpstreamGrants },
  jkt: string | undefined,
): Promise<ExchangedToken> {
  const subjectToken = requireExchangeParameters(form);
  const allowed = client.tokenExchangeAudiences ?? [];
  if (allowed.length === 0) {
    throw new UnauthorizedClient('this client is not allowed to exchange tokens (an operator must allow it)');
  }
  const subject = await services.tokens.activeAccessToken(subjectToken);
  if (!subject || !(await services.grants.get(subject.grantId))) {
    throw new InvalidGrant('the subject_token is invalid, expired or revoked');
  }
  const audience = targetOf(form, subject.resource);
  if (!allowed.includes(audience)) {
    throw new InvalidTarget(`this client may not exchange tokens for the audience ${audience}`);
  }
  const actor: Actor = { clientId: client.clientId, ...(subject.actor ? { act: subject.actor } : {}) };
  const record: TokenRecord = {
    ...subject,
    clientId: client.clientId,
    resource: audience,
    scopes: narrowedScopes(form.get('scope'), subject.scopes),
    actor,
  };
  const response = await services.tokens.issueExchanged(record, jkt);
  return {
    response: { ...response, issued_token_type: ACCESS_TOKEN_TYPE },
    subject: subject.subject,
    actor,
  };
}

/** The subject token, after the checks of the parameters that need no lookup. */
function requireExchangeParameters(form: Parameters): string {
  const subjectToken = form.get('subject_token');
  if (!subjectToken) throw new InvalidRequest('subject_token is required');
  const subjectTokenType = form.get('subject_token_type');
  if (!subjectTokenType) throw new InvalidRequest('subject_token_type is required');
  if (subjectTokenType !== ACCESS_TOKEN_TYPE) {
    throw new InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
  }
  const requested = form.get('requested_token_type');
  if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE) {
    throw new InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE} (or left out)`);
  }
  if (form.has('actor_token') || form.has('actor_token_type')) {
    throw new InvalidRequest('actor_token is not supported: the authenticated client is the actor');
  }
  return subjectToken;
}

/** `audience` or `resource` (equal when both are given), else the subject token's own audience. */
function targetOf(form: Parameters, subjectResource: string): string {
  const audience = form.get('audience');
  const resource = form.get('resource');
  if (audience !== undefined && resource !== undefined && audience !== resource) {
    throw new InvalidTarget('audience and resource name different targets: give one target');
  }
  return audience ?? resource ?? subjectResource;
}

/** The requested scopes, each held by the subject token; none requested: the subject token's. */
function narrowedScopes(scope: string | undefined, held: readonly string[]): readonly string[] {
  const requested = parseScope(scope);
  const holdable = effectiveScopes(held);
  const wider = requested.filter((name) => !holdable.includes(name));
  if (wider.length > 0) {
    throw new InvalidScope(`the subject token does not hold the scope: ${formatScope(wider)}`);
  }
  return requested.length > 0 ? requested : held;
}
