/** Where each endpoint is served, relative to the base URL (the router is mounted at the app's root). */
export const OAUTH_PATHS = {
  authorize: '/oauth/authorize',
  callback: '/oauth/callback',
  token: '/oauth/token',
  register: '/oauth/register',
  revoke: '/oauth/revoke',
  introspect: '/oauth/introspect',
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
  protectedResourceMetadata: '/.well-known/oauth-protected-resource',
} as const;

/** The absolute URLs this server publishes, from `--oauth-base-url` and the MCP endpoint path. */
export interface OAuthUrls {
  /** The base URL without a trailing slash. */
  readonly issuer: string;
  readonly authorize: string;
  readonly callback: string;
  readonly token: string;
  readonly register: string;
  readonly revoke: string;
  readonly introspect: string;
  /** `<base><endpoint>`: the MCP endpoint, the resource (RFC 8707) tokens are bound to by default. */
  readonly mcpResource: string;
  /** The RFC 9728 document of the MCP endpoint, which the `WWW-Authenticate` challenge points at. */
  readonly mcpResourceMetadata: string;
  /** Tokens bound to the MCP endpoint or to the base URL (the root metadata document's resource). */
  readonly acceptedResources: readonly string[];
}

export function oauthUrls(baseUrl: string, mcpEndpoint: string): OAuthUrls {
  const at = (path: string) => `${baseUrl}${path}`;
  const mcpResource = at(mcpEndpoint);
  return {
    issuer: baseUrl,
    authorize: at(OAUTH_PATHS.authorize),
    callback: at(OAUTH_PATHS.callback),
    token: at(OAUTH_PATHS.token),
    register: at(OAUTH_PATHS.register),
    revoke: at(OAUTH_PATHS.revoke),
    introspect: at(OAUTH_PATHS.introspect),
    mcpResource,
    mcpResourceMetadata: at(`${OAUTH_PATHS.protectedResourceMetadata}${mcpEndpoint}`),
    acceptedResources: [mcpResource, baseUrl],
  };
}

/** The path of the base URL (`/k8s` of `https://example.com/k8s`), '' when it has none. */
export function basePathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}
