import { type Branding, fillAppName } from './branding.js';
import { escapeHtml, type RenderedPage } from './html.js';
import { renderPage } from './layout.js';

const REDIRECT_DELAY_MS = 1000;

// The script never holds the URL: it follows the fallback link, so its hash is the same on every page.
export const INTERSTITIAL_SCRIPT = `setTimeout(function(){var link=document.getElementById('continue');\
if(link){window.location.href=link.href;}},${REDIRECT_DELAY_MS});`;

const BLOCKED_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);

export interface InterstitialPageOptions {
  /** The client's redirect URI with code, state and iss. */
  redirectUrl: string;
  appName: string;
  branding: Branding;
}

/**
 * Hands the browser over to a native application (`cursor://...`): a plain 302 to a custom scheme
 * fails silently in many browsers, so the page says the login worked, redirects by script after a
 * moment, and offers a link to click.
 */
export function interstitialPage(options: InterstitialPageOptions): RenderedPage {
  const target = new URL(options.redirectUrl);
  if (BLOCKED_SCHEMES.has(target.protocol))
    throw new Error(`refusing to redirect to a ${target.protocol} URL`);
  const { branding, appName } = options;
  const title = fillAppName(branding.title ?? 'Signed in', appName);
  const message = fillAppName(
    branding.message ?? 'You have signed in. Returning you to {{.AppName}}…',
    appName,
  );
  const buttonText = fillAppName(branding.buttonText ?? 'Open {{.AppName}}', appName);
  const content = `<h1 id="page-title">${escapeHtml(title)}</h1>
<p role="status">${escapeHtml(message)}</p>
<p class="muted">If nothing happens, use the button below. You can close this tab afterwards.</p>
<div class="actions">
<a id="continue" class="button" href="${escapeHtml(target.href)}">${escapeHtml(buttonText)}</a>
</div>`;
  return renderPage({ title, content, branding, script: INTERSTITIAL_SCRIPT });
}
