import { parseHttpAddress } from '../config/index.js';
import { isLoopbackHost } from '../net/index.js';
import { normalizeOrigin } from './allowed-origins.js';
import type { AuditKeySource } from './audit-key.js';
import { allowsPlainHttp } from './https-policy.js';
import type { SecuritySettings } from './security-settings.js';
import type { TlsFiles } from './tls-files.js';
import { secretWeakness } from './token-strength.js';

/** The OAuth settings the checklist reads (a structural subset of the OAuth server's settings). */
export interface OAuthFacts {
  readonly baseUrl: string;
  readonly allowPublicRegistration: boolean;
  readonly trustedPublicRegistrationSchemes: readonly string[];
  readonly allowInsecureAuthWithoutState: boolean;
  readonly registrationToken?: { reveal(): string };
  readonly encryptionKey?: unknown;
}

/** Everything the checklist looks at: the parsed configuration, and the TLS files once loaded. */
export interface DeploymentFacts {
  readonly transport: string;
  readonly httpAddr: string;
  readonly allowUnauthenticatedHttp: boolean;
  readonly debug: boolean;
  readonly logLevel: string;
  /** Undefined when OAuth is off. */
  readonly oauth: OAuthFacts | undefined;
  readonly security: SecuritySettings;
  readonly tls: TlsFiles | undefined;
  readonly auditKeySource: AuditKeySource;
  /** The downstream OAuth flag that serves users with the service account when their credential is gone. */
  readonly downstreamInsecureFallback: boolean;
  /** The conformance suite's test tools, resources and prompts are served. */
  readonly conformanceFixtures: boolean;
  readonly now: Date;
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** A loopback development setup may fail this item without start-up warnings about it. */
  readonly productionOnly: boolean;
}

const EXPIRY_WARNING_MS = 14 * 86_400_000;

type Outcome = Pick<CheckResult, 'status' | 'detail'>;
const pass = (detail: string): Outcome => ({ status: 'pass', detail });
const warn = (detail: string): Outcome => ({ status: 'warn', detail });
const fail = (detail: string): Outcome => ({ status: 'fail', detail });
const skip = (detail: string): Outcome => ({ status: 'skip', detail });

interface CheckItem {
  readonly id: string;
  readonly title: string;
  readonly productionOnly: boolean;
  /** Called only for the HTTP transports. */
  evaluate(facts: DeploymentFacts): Outcome;
}

/** Items about the OAuth server: skipped when it is off (the `authentication` item fails then). */
function withOAuth(evaluate: (oauth: OAuthFacts, facts: DeploymentFacts) => Outcome) {
  return (facts: DeploymentFacts) => (facts.oauth ? evaluate(facts.oauth, facts) : skip('OAuth is off'));
}

function tlsTermination(facts: DeploymentFacts): Outcome {
  const { tls, security, now } = facts;
  if (tls) {
    const left = tls.notAfter.getTime() - now.getTime();
    const until = tls.notAfter.toISOString();
    if (left <= 0) return fail(`the certificate of --tls-cert-file expired on ${until}`);
    if (left < EXPIRY_WARNING_MS) return warn(`the certificate of --tls-cert-file expires on ${until}`);
    return pass(`TLS served here (certificate valid until ${until})`);
  }
  if (security.trustedProxies.length > 0) {
    return pass(`TLS at a trusted proxy (${security.trustedProxies.join(', ')}) sending X-Forwarded-Proto`);
  }
  return fail(
    'an https base URL needs TLS: --tls-cert-file and --tls-key-file, or --trusted-proxies naming the ' +
      'proxy that terminates TLS (else every plain-HTTP request is refused)',
  );
}

const ITEMS: readonly CheckItem[] = [
  {
    id: 'authentication',
    title: 'HTTP callers must authenticate (OAuth)',
    productionOnly: true,
    evaluate: (facts) => {
      if (facts.oauth) return pass('--enable-oauth');
      const address = parseHttpAddress(facts.httpAddr);
      const where = address && isLoopbackHost(address.host) ? 'on loopback' : 'beyond loopback';
      return fail(
        `no --enable-oauth: HTTP ${where} without authentication uses the server's own credentials`,
      );
    },
  },
  {
    id: 'https',
    title: 'HTTPS is enforced (not localhost)',
    productionOnly: true,
    evaluate: withOAuth((oauth, facts) => {
      if (allowsPlainHttp(oauth.baseUrl)) return fail(`${oauth.baseUrl} is plain http: development only`);
      return tlsTermination(facts);
    }),
  },
  {
    id: 'public-registration',
    title: 'no public client registration',
    productionOnly: false,
    evaluate: withOAuth((oauth) => {
      if (oauth.allowPublicRegistration)
        return fail('--allow-public-registration lets anyone register clients');
      const schemes = oauth.trustedPublicRegistrationSchemes;
      if (schemes.length > 0)
        return pass(`registration token required, except for ${schemes.join(', ')} clients`);
      return pass('--allow-public-registration=false');
    }),
  },
  {
    id: 'state',
    title: 'state parameter enforced (CSRF)',
    productionOnly: false,
    evaluate: withOAuth((oauth) =>
      oauth.allowInsecureAuthWithoutState
        ? fail('--allow-insecure-auth-without-state accepts authorization requests without state')
        : pass('--allow-insecure-auth-without-state=false'),
    ),
  },
  {
    id: 'debug',
    title: 'debug logging off',
    productionOnly: true,
    evaluate: (facts) => {
      if (facts.debug) return fail('--debug is on');
      if (facts.logLevel === 'debug' || facts.logLevel === 'trace')
        return fail(`--log-level=${facts.logLevel}`);
      return pass(`--log-level=${facts.logLevel}`);
    },
  },
  {
    id: 'encryption-key',
    title: 'tokens encrypted at rest',
    productionOnly: true,
    evaluate: withOAuth((oauth) =>
      oauth.encryptionKey
        ? pass('--oauth-encryption-key is set (AES-256-GCM)')
        : fail('no --oauth-encryption-key: upstream tokens are stored unencrypted (openssl rand -base64 32)'),
    ),
  },
  {
    id: 'registration-token',
    title: 'registration token configured and strong',
    productionOnly: true,
    evaluate: withOAuth((oauth) => {
      const token = oauth.registrationToken?.reveal();
      if (token === undefined) return fail('no --registration-token (openssl rand -hex 32)');
      const weakness = secretWeakness(token);
      return weakness ? fail(`the registration token is weak: ${weakness}`) : pass('set, and looks random');
    }),
  },
  {
    id: 'cors',
    title: 'CORS origins valid and minimal',
    productionOnly: true,
    evaluate: (facts) => {
      const origins = facts.security.allowedOrigins;
      if (origins.length === 0) return pass('no web page may call the MCP endpoint (ALLOWED_ORIGINS empty)');
      const insecure = origins.filter((origin) => {
        const normalized = normalizeOrigin(origin) ?? '';
        return normalized.startsWith('http:') && !allowsPlainHttp(normalized);
      });
      if (insecure.length > 0) return fail(`plain-http origins beyond loopback: ${insecure.join(', ')}`);
      return pass(`${origins.length} https origin(s): ${origins.join(', ')}`);
    },
  },
  {
    id: 'rate-limits',
    title: 'rate limiting enabled',
    productionOnly: false,
    evaluate: ({ security }) => {
      const off = [
        ['--rate-limit-ip', security.rateLimitIp],
        ['--rate-limit-user', security.rateLimitUser],
        ['--rate-limit-registration', security.rateLimitRegistration],
      ].filter(([, value]) => value === 0);
      if (off.length > 0) return fail(`disabled: ${off.map(([flag]) => `${flag}=0`).join(', ')}`);
      return pass(
        `per IP ${security.rateLimitIp}/s (burst ${security.rateLimitIpBurst}), per user ` +
          `${security.rateLimitUser}/s (burst ${security.rateLimitUserBurst})`,
      );
    },
  },
  {
    id: 'audit',
    title: 'audit logging on',
    productionOnly: false,
    evaluate: ({ security, auditKeySource }) => {
      if (security.auditLog === 'off') return fail('--audit-log=off');
      if (auditKeySource === 'random') {
        return warn(
          `--audit-log=${security.auditLog}, but user and IP hashes change at every restart and differ ` +
            'between replicas: set AUDIT_HMAC_KEY or OAUTH_ENCRYPTION_KEY',
        );
      }
      return pass(`--audit-log=${security.auditLog}`);
    },
  },
  {
    id: 'downstream-fallback',
    title: 'no insecure downstream fallback',
    productionOnly: false,
    evaluate: (facts) =>
      facts.downstreamInsecureFallback
        ? fail("--downstream-oauth-insecure-fallback serves users with the server's service account")
        : pass('a user without a Kubernetes credential is asked to log in again'),
  },
  {
    id: 'conformance-fixtures',
    title: 'no conformance test fixtures',
    productionOnly: false,
    evaluate: (facts) =>
      facts.conformanceFixtures
        ? fail(
            '--conformance-fixtures serves test tools, resources and prompts (for the conformance suite only)',
          )
        : pass('only the Kubernetes tools and prompts are served'),
  },
];

/** Items that matter over stdio too: what the process exposes, not how it is reached. */
const EVERY_TRANSPORT = new Set(['debug', 'conformance-fixtures']);

/** The production checklist of the reference documentation, evaluated; `check` prints it, `serve` warns. */
export function evaluateProductionChecklist(facts: DeploymentFacts): CheckResult[] {
  const local = facts.transport === 'stdio';
  return ITEMS.map((item) => ({
    id: item.id,
    title: item.title,
    productionOnly: item.productionOnly,
    ...(local && !EVERY_TRANSPORT.has(item.id)
      ? skip('stdio: not served over the network')
      : item.evaluate(facts)),
  }));
}

/** Whether every item passed, was skipped, or only warns. */
export function checklistPassed(results: readonly CheckResult[]): boolean {
  return results.every((result) => result.status !== 'fail');
}
