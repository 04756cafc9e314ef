import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevUser } from './dev-users.js';
import { devUserSubject } from './dev-users.js';
import { devLoginPage } from './login-page.js';
import type { OidcProvider } from './oidc-provider-module.js';

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/;
const MAX_FORM_BYTES = 4096;

/**
 * Serves the login and consent interactions of the development identity provider.
 * Returns false when the request is not an interaction, so the provider handles it.
 */
export function createInteractionHandler(provider: OidcProvider, users: readonly DevUser[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const match = INTERACTION_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!match) return false;
    const step = match[2];
    if (req.method === 'GET' && step === undefined) await showLoginPage(provider, users, req, res);
    else if (req.method === 'POST' && step === '/login') await signIn(provider, users, req, res);
    else if (req.method === 'POST' && step === '/abort') await abort(provider, req, res);
    else sendText(res, 405, 'method not allowed');
    return true;
  };
}

async function showLoginPage(
  provider: OidcProvider,
  users: readonly DevUser[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const html = devLoginPage({ uid: details.uid, clientId: String(details.params.client_id), users });
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  });
  res.end(html);
}

/**
 * Signs the chosen user in and grants every scope the client asked for: the clients of the
 * development provider are all first-party, so consent is given on the user's behalf.
 */
async function signIn(
  provider: OidcProvider,
  users: readonly DevUser[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const email = (await readForm(req)).get('email');
  const user = users.find((candidate) => candidate.email === email);
  if (!user) return sendText(res, 400, 'unknown user');

  const accountId = devUserSubject(user);
  const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  grant.addOIDCScope(grantedScopes(details.params));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/** Google asks for offline access with `access_type=offline` instead of the `offline_access` scope. */
function grantedScopes(params: Record<string, unknown>): string {
  const scopes = new Set(String(params.scope ?? 'openid').split(' '));
  if (params.access_type === 'offline') scopes.add('offline_access');
  return [...scopes].join(' ');
}

async function abort(provider: OidcProvider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: 'the user cancelled the sign-in' },
    { mergeWithLastSubmission: false },
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) throw new Error('form body too large');
  }
  return new URLSearchParams(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
