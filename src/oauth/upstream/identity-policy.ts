import { UpstreamIdentityRefused } from './errors.js';
import type { UpstreamIdentity } from './types.js';

/**
 * Where an account's domain is read from. Google: the `hd` (hosted domain) claim, because a consumer
 * Google account can hold a verified address at any company's domain. Others: the email address.
 */
export type DomainSource = 'hosted-domain-claim' | 'email-address';

export interface IdentityPolicy {
  /** Lower-case domains; empty: every domain. */
  allowedEmailDomains: ReadonlySet<string>;
  allowUnverifiedEmail: boolean;
  domainSource: DomainSource;
}

export function identityPolicy(
  settings: { allowedEmailDomains?: string[]; allowUnverifiedEmail?: boolean },
  domainSource: DomainSource,
): IdentityPolicy {
  return {
    allowedEmailDomains: new Set((settings.allowedEmailDomains ?? []).map((domain) => domain.toLowerCase())),
    allowUnverifiedEmail: settings.allowUnverifiedEmail ?? false,
    domainSource,
  };
}

/**
 * Turns verified ID token claims into an identity, or refuses the person.
 * Refusal messages never hold the address: they reach logs and pages.
 */
export function acceptIdentity(claims: Record<string, unknown>, policy: IdentityPolicy): UpstreamIdentity {
  const email = typeof claims.email === 'string' ? claims.email : '';
  if (!email.includes('@')) {
    throw new UpstreamIdentityRefused('email_missing', 'the identity provider did not send an email address');
  }
  const emailVerified = claims.email_verified === true || claims.email_verified === 'true';
  if (!emailVerified && !policy.allowUnverifiedEmail) {
    throw new UpstreamIdentityRefused(
      'email_not_verified',
      'the identity provider has not verified this account’s email address',
    );
  }
  const hostedDomain = typeof claims.hd === 'string' ? claims.hd : undefined;
  requireAllowedDomain(
    policy,
    policy.domainSource === 'hosted-domain-claim' ? hostedDomain : domainOf(email),
  );

  return {
    issuer: String(claims.iss),
    subject: String(claims.sub),
    audience: audienceOf(claims.aud),
    email,
    emailVerified,
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    ...(isStringArray(claims.groups) ? { groups: claims.groups } : {}),
    ...(hostedDomain ? { hostedDomain } : {}),
  };
}

function requireAllowedDomain(policy: IdentityPolicy, domain: string | undefined): void {
  if (policy.allowedEmailDomains.size === 0) return;
  if (domain !== undefined && policy.allowedEmailDomains.has(domain.toLowerCase())) return;
  const where =
    policy.domainSource === 'hosted-domain-claim' ? 'organisation (hosted domain)' : 'email domain';
  throw new UpstreamIdentityRefused('email_domain_not_allowed', `this account’s ${where} is not allowed`);
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

export function audienceOf(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  return isStringArray(aud) ? aud : [];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
