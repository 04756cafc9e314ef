import type { Request } from 'express';
import type { AuditLog } from '../security/http.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import type { BrowserBinding } from './browser-binding.js';
import type { ClientLookup } from './client-authentication.js';
import type { ClientRegistry } from './clients.js';
import type { ConsentApprovals } from './consent-approvals.js';
import type { DpopVerifier } from './dpop-verifier.js';
import type { LoginStates } from './login-states.js';
import type { OAuthSettings } from './oauth-settings.js';
import type { OAuthUrls } from './oauth-urls.js';
import type { Branding } from './pages/index.js';
import type { TokenService } from './tokens.js';
import type { UpstreamProvider } from './upstream/index.js';
import type { UpstreamGrants } from './upstream-grants.js';

/** The few log calls the OAuth server makes (pino's signature). Never given a secret or an email. */
export interface OAuthLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Everything the endpoints share, assembled once by `createOAuthServer`. */
export interface OAuthContext {
  readonly settings: OAuthSettings;
  readonly urls: OAuthUrls;
  readonly clients: ClientRegistry;
  /** Registered clients, and metadata-document clients when --enable-cimd is on. */
  readonly findClient: ClientLookup;
  readonly codes: AuthorizationCodes;
  readonly tokens: TokenService;
  readonly grants: UpstreamGrants;
  /** Checks DPoP proofs (RFC 9449): at the token endpoint with our nonces, and at the MCP endpoint. */
  readonly dpop: DpopVerifier;
  readonly loginStates: LoginStates;
  readonly consents: ConsentApprovals;
  readonly browser: BrowserBinding;
  readonly upstream: UpstreamProvider;
  /** The provider's authorization endpoint, which the consent form's answer redirects to. */
  readonly upstreamAuthorizationEndpoint: string;
  readonly branding: Branding;
  /** The client's address as the security layer determined it. */
  readonly clientIp: (req: Request) => string;
  readonly logger: OAuthLogger;
  /** The security events of the flow (security-events.ts records them). */
  readonly audit: Pick<AuditLog, 'record'>;
}
