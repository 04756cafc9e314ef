import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appNameForRedirectUri,
  consentPage,
  errorPage,
  interstitialPage,
} from '../../../src/oauth/pages/index.js';

const consent = (overrides: Partial<Parameters<typeof consentPage>[0]> = {}) =>
  consentPage({
    clientName: 'Cursor <beta>',
    redirectUri: 'https://app.example.com/cb?next="/x"&y=<1>',
    scopes: ['openid', 'email'],
    kubernetesScopes: ['kubernetes:read', 'kubernetes:write'],
    warnUntrusted: false,
    csrfToken: 'csrf-"token"',
    formAction: '/oauth/consent',
    formRedirectTargets: [
      'https://accounts.google.com/o/oauth2/v2/auth',
      'cursor://anysphere.cursor/callback',
    ],
    branding: {},
    ...overrides,
  });

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

function inline(html: string, element: 'script' | 'style'): string {
  return new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(html)?.[1] ?? '';
}

describe('consent page', () => {
  it('has exactly one POST form with the CSRF token and the approve and deny buttons', () => {
    const { html } = consent();
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html).toContain('<form method="post" action="/oauth/consent">');
    expect(html).toContain('<input type="hidden" name="csrf_token" value="csrf-&quot;token&quot;">');
    expect(html).toContain('<button class="button" type="submit" name="decision" value="approve">');
    expect(html).toContain('name="decision" value="deny"');
  });

  it('shows the full redirect URI and the client name escaped', () => {
    const { html } = consent();
    expect(html).toContain('<code>https://app.example.com/cb?next=&quot;/x&quot;&amp;y=&lt;1&gt;</code>');
    expect(html).toContain('Allow Cursor &lt;beta&gt; to access Kubernetes as you?');
    expect(html).not.toContain('<beta>');
    expect(html).toContain('<code>email</code>');
  });

  it('offers each Kubernetes scope as a ticked box, kubernetes:read ticked for good', () => {
    const { html } = consent({
      kubernetesScopes: ['kubernetes:read', 'kubernetes:write', 'kubernetes:exec'],
    });
    expect(html).toContain('<input type="checkbox" checked disabled> Read cluster objects (always included)');
    expect(html).toContain('<input type="checkbox" name="allow:kubernetes:write" value="yes" checked>');
    expect(html).toContain('<input type="checkbox" name="allow:kubernetes:exec" value="yes" checked>');
    expect(html).not.toContain('kubernetes:port-forward');
    expect(html.indexOf('<fieldset class="scopes">')).toBeGreaterThan(html.indexOf('<form '));
    expect(consent({ kubernetesScopes: [] }).html).not.toContain('fieldset');
  });

  it('warns only when the client is untrusted', () => {
    expect(consent({ warnUntrusted: true }).html).toContain('class="warning"');
    expect(consent().html).not.toContain('class="warning"');
  });

  it('puts the warning right under the redirect address it is about, before the permissions', () => {
    const html = consent({ warnUntrusted: true, scopes: ['mcp'] }).html;
    const address = html.indexOf('</code>');
    expect(address).toBeGreaterThan(0);
    expect(html.slice(address).trimStart()).toMatch(/^<\/code>\s*<div class="warning"/);
    expect(html.indexOf('class="warning"')).toBeLessThan(html.indexOf('these permissions'));
  });

  it('is an accessible page: language, landmark, heading and viewport', () => {
    const { html } = consent();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<main aria-labelledby="page-title">');
    expect(html).toContain('<h1 id="page-title">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain(':focus-visible');
  });

  it('lets the form post to itself and redirect only to the provider and the client', () => {
    const { html, contentSecurityPolicy } = consent();
    expect(contentSecurityPolicy).toContain(
      "form-action 'self' https://accounts.google.com cursor:; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy).toContain(`style-src ${sha256Source(inline(html, 'style'))}`);
    expect(contentSecurityPolicy.startsWith("default-src 'none'; ")).toBe(true);
    expect(contentSecurityPolicy).not.toContain('script-src');
    expect(contentSecurityPolicy).not.toContain('unsafe-inline');
  });
});

describe('interstitial page', () => {
  const page = interstitialPage({
    redirectUrl:
      'cursor://anysphere.cursor-retrieval/oauth/callback?code=abc&state=x"y&iss=https%3A%2F%2Fmcp',
    appName: appNameForRedirectUri('cursor://anysphere.cursor-retrieval/oauth/callback'),
    branding: { message: 'Welcome back to {{.AppName}}', buttonText: 'Open {{ .AppName }} now' },
  });

  it('allows its inline script by the hash of that very script, and nothing else', () => {
    const script = inline(page.html, 'script');
    expect(script).toContain('setTimeout');
    expect(page.contentSecurityPolicy).toContain(`script-src ${sha256Source(script)};`);
    expect(page.contentSecurityPolicy).toContain(`style-src ${sha256Source(inline(page.html, 'style'))};`);
    expect(page.contentSecurityPolicy).toContain("form-action 'none'");
  });

  it('says the login worked, names the app, and offers a link to the redirect URL', () => {
    expect(page.html).toContain('Welcome back to Cursor');
    expect(page.html).toContain('>Open Cursor now</a>');
    expect(page.html).toContain(
      'href="cursor://anysphere.cursor-retrieval/oauth/callback' +
        '?code=abc&amp;state=x%22y&amp;iss=https%3A%2F%2Fmcp"',
    );
  });

  it('refuses to render a javascript: redirect', () => {
    expect(() =>
      interstitialPage({ redirectUrl: 'javascript:alert(1)', appName: 'x', branding: {} }),
    ).toThrow(/javascript:/);
  });

  it('escapes branding texts after putting the app name in', () => {
    const { html } = interstitialPage({
      redirectUrl: 'vscode://callback',
      appName: 'Visual Studio Code',
      branding: { title: '<img src=x onerror=alert(1)> {{.AppName}}' },
    });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Visual Studio Code');
    expect(html).not.toContain('<img src=x');
  });
});

describe('error page', () => {
  it('shows the escaped title and message, with no script and no form target', () => {
    const { html, contentSecurityPolicy } = errorPage({
      title: 'Unknown client',
      message: 'client_id "<x>" is not registered',
      branding: {},
    });
    expect(html).toContain('<h1 id="page-title">Unknown client</h1>');
    expect(html).toContain('client_id &quot;&lt;x&gt;&quot; is not registered');
    expect(html).not.toContain('<script');
    expect(contentSecurityPolicy).toContain("form-action 'none'");
  });

  it('allows images from the logo origin only', () => {
    const { html, contentSecurityPolicy } = errorPage({
      title: 't',
      message: 'm',
      branding: { logoUrl: 'https://cdn.example.com/logo.svg' },
    });
    expect(html).toContain('<img class="logo" src="https://cdn.example.com/logo.svg" alt="">');
    expect(contentSecurityPolicy).toContain('img-src https://cdn.example.com;');
  });
});

describe('application names', () => {
  it.each([
    ['cursor://anysphere.cursor-retrieval/cb', 'Cursor'],
    ['vscode://vscode.github-authentication/did-authenticate', 'Visual Studio Code'],
    ['vscode-insiders://cb', 'Visual Studio Code Insiders'],
    ['windsurf://cb', 'Windsurf'],
    ['claude://cb', 'Claude'],
    ['zed://cb', 'Zed'],
    ['http://127.0.0.1:3000/cb', 'your application'],
    ['evil-bank://cb', 'your application'],
  ])('names %s %s', (redirectUri, name) => {
    expect(appNameForRedirectUri(redirectUri)).toBe(name);
  });
});
