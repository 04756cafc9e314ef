import {
  KUBERNETES_EXEC,
  KUBERNETES_PORT_FORWARD,
  KUBERNETES_READ,
  KUBERNETES_WRITE,
} from '../kubernetes-scopes.js';
import type { Branding } from './branding.js';
import { escapeHtml, type RenderedPage } from './html.js';
import { renderPage } from './layout.js';

export const CSRF_FIELD = 'csrf_token';
export const DECISION_FIELD = 'decision';
/** One checkbox per Kubernetes scope the person may refuse: `allow:<scope>` is sent when ticked. */
export const ALLOW_SCOPE_FIELD_PREFIX = 'allow:';

/** What each of our scopes lets the application do, in the person's words. */
const KUBERNETES_SCOPE_WORDS: Readonly<Record<string, string>> = {
  [KUBERNETES_READ]: 'Read cluster objects (always included)',
  [KUBERNETES_WRITE]: 'Create, change and delete cluster objects',
  [KUBERNETES_EXEC]: 'Run commands in containers',
  [KUBERNETES_PORT_FORWARD]: 'Forward local ports to pods',
};

export interface ConsentPageOptions {
  clientName: string;
  redirectUri: string;
  /** The identity provider's scopes the client asks for: shown, not refusable. */
  scopes: string[];
  /** Our scopes the client asks for: kubernetes:read is always granted, the others can be unticked. */
  kubernetesScopes: string[];
  /** The client registered itself and does not redirect to loopback: tell the person to be careful. */
  warnUntrusted: boolean;
  csrfToken: string;
  /** Where the form posts (our consent endpoint), absolute or relative to the page. */
  formAction: string;
  /**
   * Every URL the answer to the form may redirect to: the identity provider's authorization endpoint
   * and the client's redirect URI. Browsers apply the CSP form-action to those redirects too.
   */
  formRedirectTargets: string[];
  branding: Branding;
}

/** Asks the person whether this client may act for them; one form, CSRF token, approve and deny. */
export function consentPage(options: ConsentPageOptions): RenderedPage {
  const clientName = escapeHtml(options.clientName);
  const scopes = options.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n');
  const warning = options.warnUntrusted
    ? `<div class="warning" role="note"><p><strong>Check this address before you continue.</strong>
This application registered itself with this server, and after you sign in it will be sent access to your
account at the address just above. Only continue if you started this sign-in and you recognise it.</p></div>`
    : '';
  const content = `<h1 id="page-title">Allow ${clientName} to access Kubernetes as you?</h1>
<p>After you approve and sign in, <strong>${clientName}</strong> can call this server's Kubernetes tools with
your identity and your permissions.</p>
<p class="muted">It will be sent back to this address:</p>
<code>${escapeHtml(options.redirectUri)}</code>
${warning}
${scopes ? `<p class="muted">It asks for these permissions:</p>\n<ul>\n${scopes}\n</ul>` : ''}
<form method="post" action="${escapeHtml(options.formAction)}">
<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(options.csrfToken)}">
${kubernetesScopeChoices(options.kubernetesScopes)}
<div class="actions">
<button class="button" type="submit" name="${DECISION_FIELD}" value="approve">Approve</button>
<button class="button secondary" type="submit" name="${DECISION_FIELD}" value="deny">Deny</button>
</div>
</form>`;
  return renderPage({
    title: `Allow ${options.clientName}?`,
    content,
    branding: options.branding,
    formActionSources: ["'self'", ...options.formRedirectTargets.map(cspSourceFor)],
  });
}

/** A ticked checkbox per scope; kubernetes:read is shown ticked and cannot be unticked. */
function kubernetesScopeChoices(scopes: readonly string[]): string {
  if (scopes.length === 0) return '';
  const choices = scopes.map((scope) => {
    const always = scope === KUBERNETES_READ;
    const control = always
      ? 'checked disabled'
      : `name="${ALLOW_SCOPE_FIELD_PREFIX}${escapeHtml(scope)}" value="yes" checked`;
    const words = escapeHtml(KUBERNETES_SCOPE_WORDS[scope] ?? scope);
    return `<li><label><input type="checkbox" ${control}> ${words} <code>${escapeHtml(scope)}</code></label></li>`;
  });
  return `<fieldset class="scopes"><legend>In the cluster, with your permissions, it may:</legend>
<ul>
${choices.join('\n')}
</ul></fieldset>`;
}

const CUSTOM_SCHEME = /^[a-z][a-z0-9+.-]*:$/;

/** An origin for http(s) URLs, a scheme source (`cursor:`) for the custom schemes of native apps. */
function cspSourceFor(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return parsed.origin;
  if (CUSTOM_SCHEME.test(parsed.protocol)) return parsed.protocol;
  throw new Error(`no Content-Security-Policy source can express ${parsed.protocol} URLs`);
}
