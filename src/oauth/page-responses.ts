import type { Response } from 'express';
import type { ClientRedirect } from './authorization-errors.js';
import type { OAuthError } from './errors.js';
import type { OAuthContext } from './oauth-context.js';
import { appNameForRedirectUri, interstitialPage, type RenderedPage } from './pages/index.js';

/** Sends one of our HTML pages with its own Content-Security-Policy; pages are never cached or framed. */
export function sendPage(res: Response, status: number, page: RenderedPage): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': page.contentSecurityPolicy,
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      // same-origin, not no-referrer: with no-referrer Chromium posts the consent form with `Origin: null`,
      // which the DNS-rebinding check must refuse. Other sites still get no Referer.
      'Referrer-Policy': 'same-origin',
    })
    .send(page.html);
}

/** The client's redirect URI with the answer's parameters added, each properly URL-encoded. */
export function clientRedirectUrl(redirectUri: string, parameters: Record<string, string | undefined>): URL {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
}

/** The error answer of RFC 6749 §4.1.2.1 with RFC 9207's `iss`. */
export function errorRedirectUrl(context: OAuthContext, target: ClientRedirect, error: OAuthError): URL {
  return clientRedirectUrl(target.redirectUri, {
    error: error.error,
    error_description: error.description,
    state: target.state,
    iss: context.urls.issuer,
  });
}

function isWebUrl(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'http:';
}

/**
 * Sends the browser to the client with a successful answer: a redirect for web redirect URIs, the
 * branded interstitial page for a native app's custom scheme (a redirect to `cursor://` fails silently
 * in many browsers).
 */
export function sendToClient(res: Response, context: OAuthContext, url: URL, status: 302 | 303): void {
  if (isWebUrl(url)) {
    res.redirect(status, url.href);
    return;
  }
  const appName = appNameForRedirectUri(url.href);
  sendPage(res, 200, interstitialPage({ redirectUrl: url.href, appName, branding: context.branding }));
}

/** Sends an error to the client: a redirect for web redirect URIs, else a page that hands it over. */
export function sendErrorToClient(
  res: Response,
  context: OAuthContext,
  url: URL,
  error: OAuthError,
  status: 302 | 303,
): void {
  if (isWebUrl(url)) res.redirect(status, url.href);
  else showErrorAndReturnToClient(res, context, url, error);
}

/** Tells the person why the sign-in did not complete, then hands the error to the client. */
export function showErrorAndReturnToClient(
  res: Response,
  context: OAuthContext,
  url: URL,
  error: OAuthError,
): void {
  const branding = {
    ...context.branding,
    title: 'Sign-in did not complete',
    message: `${capitalise(error.description)}. Returning you to {{.AppName}}…`,
    buttonText: 'Return to {{.AppName}}',
  };
  const appName = appNameForRedirectUri(url.href);
  sendPage(res, error.status, interstitialPage({ redirectUrl: url.href, appName, branding }));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
