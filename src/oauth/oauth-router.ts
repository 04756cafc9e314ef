import express, { type RequestHandler, type Router } from 'express';
import { refuseDeclaredBodyAbove } from '../http/index.js';
import { authorizationServerMetadataEndpoint } from './endpoints/authorization-server-metadata.js';
import { authorizeEndpoint } from './endpoints/authorize.js';
import { callbackEndpoint } from './endpoints/callback.js';
import {
  deleteClientEndpoint,
  readClientEndpoint,
  updateClientEndpoint,
} from './endpoints/client-configuration.js';
import { consentDecisionEndpoint } from './endpoints/consent-decision.js';
import { introspectEndpoint } from './endpoints/introspect.js';
import { protectedResourceMetadataEndpoint } from './endpoints/protected-resource-metadata.js';
import { registerEndpoint } from './endpoints/register.js';
import { revokeEndpoint } from './endpoints/revoke.js';
import { tokenEndpoint } from './endpoints/token.js';
import type { OAuthContext } from './oauth-context.js';
import { answerOAuthErrors } from './oauth-error-handler.js';
import { basePathOf, OAUTH_PATHS } from './oauth-urls.js';

/** Bodies of the form endpoints (token, revocation, introspection, consent) are small. */
export const MAX_FORM_BYTES = 16 * 1024;
/** A registration holds a few redirect URIs and names. */
export const MAX_REGISTRATION_BYTES = 64 * 1024;

/**
 * UTF-8 without content encoding, refused with 415 before anything is read: a parser that fails while
 * reading (a bad gzip stream, an unknown charset) waits for the whole body before it answers.
 */
const BODY_AS_SENT = { inflate: false } as const;

/**
 * Read as text, so that repeated parameters stay visible (RFC 6749 §3.2). A body parsed by an earlier
 * middleware (the app's JSON parser) is left as it is; `formParameters` refuses its content type.
 */
const formBody = express.text({
  type: 'application/x-www-form-urlencoded',
  limit: MAX_FORM_BYTES,
  ...BODY_AS_SENT,
});
const jsonBody = express.json({ limit: MAX_REGISTRATION_BYTES, ...BODY_AS_SENT });

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/** body-parser accepts any charset it can decode; the OAuth bodies are UTF-8 (RFC 6749 Appendix B). */
const requireUtf8: RequestHandler = (req, _res, next) => {
  const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  next(
    charset === undefined || charset === 'utf-8' || charset === 'utf8'
      ? undefined
      : Object.assign(new Error('unsupported charset'), { type: 'charset.unsupported' }),
  );
};

/**
 * The authorization server's routes, relative to the base URL: mount the router at the root of the app
 * (a reverse proxy that serves the base URL's path strips it). Its own error handler answers every error
 * of these routes; other requests pass through untouched.
 */
export function createOAuthRouter(context: OAuthContext, mcpEndpoint: string): Router {
  const router = express.Router();
  const metadata = authorizationServerMetadataEndpoint(context);
  router.get(OAUTH_PATHS.authorizationServerMetadata, metadata);
  const basePath = basePathOf(context.urls.issuer);
  // RFC 8414 §3.1: for an issuer with a path, the document lives at the path-inserted location.
  if (basePath) router.get(`${OAUTH_PATHS.authorizationServerMetadata}${basePath}`, metadata);
  router.get(
    `${OAUTH_PATHS.protectedResourceMetadata}${mcpEndpoint}`,
    protectedResourceMetadataEndpoint(context, context.urls.mcpResource),
  );
  router.get(
    OAUTH_PATHS.protectedResourceMetadata,
    protectedResourceMetadataEndpoint(context, context.urls.issuer),
  );

  const form = [refuseDeclaredBodyAbove(MAX_FORM_BYTES), requireUtf8, formBody];
  router.post(
    OAUTH_PATHS.register,
    refuseDeclaredBodyAbove(MAX_REGISTRATION_BYTES),
    requireUtf8,
    jsonBody,
    registerEndpoint(context),
  );
  const clientConfiguration = `${OAUTH_PATHS.register}/:clientId`;
  router.get(clientConfiguration, readClientEndpoint(context));
  router.put(
    clientConfiguration,
    refuseDeclaredBodyAbove(MAX_REGISTRATION_BYTES),
    requireUtf8,
    jsonBody,
    updateClientEndpoint(context),
  );
  router.delete(clientConfiguration, deleteClientEndpoint(context));
  router.get(OAUTH_PATHS.authorize, authorizeEndpoint(context));
  router.post(OAUTH_PATHS.authorize, ...form, consentDecisionEndpoint(context));
  router.get(OAUTH_PATHS.callback, callbackEndpoint(context));
  router.post(OAUTH_PATHS.token, ...form, tokenEndpoint(context));
  router.post(OAUTH_PATHS.revoke, ...form, revokeEndpoint(context));
  router.post(OAUTH_PATHS.introspect, ...form, introspectEndpoint(context));
  router.use(answerOAuthErrors(context));
  return router;
}
