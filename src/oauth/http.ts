// The authorization server itself, the face of src/oauth/ that only `serve` over HTTP loads, and
// lazily (Express, jose and undici stay out of stdio); src/oauth/index.ts is the rest.
export { createOAuthServer, type OAuthServer, type OAuthServerDeps } from './oauth-server.js';
