import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { type DevEnvironment, startDevEnvironment } from '@mcp-kubernetes/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { createServer } from '../../src/index.js';
import { type RedirectListener, startRedirectListener } from '../integration/oauth/sdk-oauth-client.js';
import { chromiumMissing, DESKTOP, launchChromium, screenshotBothSizes } from './chromium.js';
import {
  fitsPhone,
  focusedControlName,
  injectedScriptRefusal,
  lowContrastText,
  pageFrame,
  recordRequests,
  tabThrough,
  unnamedControls,
} from './page-checks.js';

// The browser part of an MCP client's login, in headless Chromium against `mcp-kubernetes dev`:
// authorize -> our consent page -> the local identity provider's login page -> our callback -> the client.

const CURSOR_REDIRECT_URI = 'cursor://anysphere.cursor-mcp/oauth/callback';

describe.skipIf(chromiumMissing)('the sign-in pages in Chromium', () => {
  let env: DevEnvironment;
  let browser: Browser;
  let listener: RedirectListener;
  let origin: string;

  beforeAll(async () => {
    [env, browser, listener] = await Promise.all([
      startDevEnvironment({ port: 0, oauth: true, logLevel: 'silent', createServer }),
      launchChromium(),
      startRedirectListener(),
    ]);
    origin = new URL(env.mcpUrl).origin;
  });
  afterAll(async () => {
    await browser?.close();
    listener?.server.close();
    await env?.stop();
  });

  async function registerClient(clientName: string, redirectUri: string): Promise<string> {
    const answer = await fetch(`${origin}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: clientName,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(answer.status).toBe(201);
    return ((await answer.json()) as { client_id: string }).client_id;
  }

  function authorization(clientId: string, redirectUri: string) {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(12).toString('base64url');
    const url = new URL(`${origin}/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.href, verifier, state };
  }

  /** A new browser profile's tab (no remembered consent), recording requests and console errors. */
  async function freshTab(): Promise<{ page: Page; requests: string[]; consoleErrors: string[] }> {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    return { page, requests: recordRequests(page), consoleErrors };
  }

  /** What a person must be able to read and use on every page, at phone size too. */
  async function expectUsablePage(page: Page): Promise<void> {
    expect(await pageFrame(page)).toMatchObject({ lang: 'en', main: 1, h1: 1 });
    expect((await pageFrame(page)).viewport).toContain('width=device-width');
    expect(await unnamedControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);
    const phone = await fitsPhone(page);
    expect(phone.overflow).toBeLessThanOrEqual(0);
    expect(phone.bodyFontPx).toBeGreaterThanOrEqual(16);
    await page.setViewportSize(DESKTOP);
  }

  function expectOnlyLocalRequests(requests: string[], allowed: string[] = []): void {
    const local = [origin, new URL(env.issuer ?? '').origin, new URL(listener.url).origin];
    const foreign = requests.filter(
      (url) => !local.includes(new URL(url).origin) && !allowed.some((prefix) => url.startsWith(prefix)),
    );
    expect(foreign).toEqual([]);
  }

  async function codeArrivesFor(state: string): Promise<URLSearchParams> {
    await expect.poll(() => listener.received.some((query) => query.get('state') === state)).toBe(true);
    return listener.received.find((query) => query.get('state') === state) as URLSearchParams;
  }

  // Two defects outside this test's files stop a real browser half-way (see the report of issue 10). Each
  // has its own test below, which fails while it is present; the journeys through it are skipped, with
  // the reason, instead of each failing on a timeout.
  let blockers: Promise<string[]> | undefined;
  function flowBlockers(): Promise<string[]> {
    blockers ??= Promise.all([consentFormProblem(), loginRedirectProblem()]).then((problems) =>
      problems.filter((problem): problem is string => problem !== undefined),
    );
    return blockers;
  }
  async function skipWhileBlocked(context: TestContext): Promise<void> {
    const problems = await flowBlockers();
    context.skip(problems.length > 0, `blocked: ${problems.join('; ')}`);
  }

  /** Whether the server accepts the consent form exactly as Chromium posts it. */
  async function consentFormProblem(): Promise<string | undefined> {
    const clientId = await registerClient('Probe client', listener.url);
    const { page } = await freshTab();
    await page.goto(authorization(clientId, listener.url).url);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Approve' }).click(),
    ]);
    const origin = await answer.request().headerValue('origin');
    await page.context().close();
    if (answer.status() < 400) return undefined;
    return `the consent form posted by Chromium (Origin: ${origin}) is answered ${answer.status()}`;
  }

  /** Whether the identity provider's login form may hand the browser back to the MCP server. */
  async function loginRedirectProblem(): Promise<string | undefined> {
    const callback = `${origin}/oauth/callback`;
    const login = new URL(`${env.issuer}/auth`);
    login.search = new URLSearchParams({
      client_id: env.upstreamClientId,
      redirect_uri: callback,
      response_type: 'code',
      scope: 'openid email',
      state: 'probe',
      code_challenge: createHash('sha256').update('probe-verifier').digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const { page, consoleErrors } = await freshTab();
    await page.goto(login.href);
    const reached = page
      .waitForRequest((request) => request.url().startsWith(callback), { timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    await page.getByRole('button', { name: /Sign in as Alice Example/ }).click();
    const ok = await reached;
    await page.context().close();
    return ok ? undefined : `the login form cannot redirect to ${callback}: ${consoleErrors.join(' ')}`;
  }

  it('accepts the consent form as a browser posts it', async () => {
    expect(await consentFormProblem()).toBeUndefined();
  });

  it("lets the identity provider's login form send the browser back to the MCP server", async () => {
    expect(await loginRedirectProblem()).toBeUndefined();
  });

  it('signs alice in for a loopback client: consent, local login, callback, code', async (context) => {
    await skipWhileBlocked(context);
    const clientId = await registerClient('Loopback test client', listener.url);
    const { url, verifier, state } = authorization(clientId, listener.url);
    const { page, requests, consoleErrors } = await freshTab();

    await page.goto(url);
    expect(await page.textContent('h1')).toContain('Allow Loopback test client to access Kubernetes as you?');
    await expectUsablePage(page);
    const [, consentDesktop] = await screenshotBothSizes(page, 'consent-loopback-client');
    if (process.env.UPDATE_DOCS_SCREENSHOTS && consentDesktop) {
      mkdirSync('docs/images', { recursive: true });
      copyFileSync(consentDesktop, 'docs/images/consent-page.png');
    }

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${env.issuer}/interaction/**`);
    await expectUsablePage(page);
    await screenshotBothSizes(page, 'dev-idp-login');
    await page.getByRole('button', { name: /Sign in as Alice Example/ }).click();

    const answer = await codeArrivesFor(state);
    expect(answer.get('iss')).toBe(origin);
    const token = await fetch(`${origin}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: answer.get('code') ?? '',
        redirect_uri: listener.url,
        code_verifier: verifier,
        client_id: clientId,
      }),
    });
    expect(token.status).toBe(200);
    expect(consoleErrors).toEqual([]);
    expectOnlyLocalRequests(requests);
  });

  it('hands a cursor:// client its code through the interstitial, whose CSP runs only its own script', async (context) => {
    await skipWhileBlocked(context);
    const clientId = await registerClient('Cursor', CURSOR_REDIRECT_URI);
    const { url, state } = authorization(clientId, CURSOR_REDIRECT_URI);
    const { page, requests, consoleErrors } = await freshTab();
    // The custom scheme is the operating system's business: the test sees the navigation, never follows it.
    const handedOver = page.waitForRequest((request) => request.url().startsWith(CURSOR_REDIRECT_URI));

    await page.goto(url);
    expect(await page.getByRole('note').textContent()).toContain('Check this address before you continue');
    await screenshotBothSizes(page, 'consent-cursor-client');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${env.issuer}/interaction/**`);
    const interstitialAnswer = page.waitForResponse((response) => response.url().includes('/oauth/callback'));
    await page.getByRole('button', { name: /Sign in as Bob Example/ }).click();
    const response = await interstitialAnswer;

    expect(await page.textContent('h1')).toBe('Signed in');
    const button = page.getByRole('link', { name: 'Open Cursor' });
    const href = new URL((await button.getAttribute('href')) ?? '');
    expect(`${href.protocol}//${href.host}${href.pathname}`).toBe(CURSOR_REDIRECT_URI);
    expect(href.searchParams.get('state')).toBe(state);
    expect(href.searchParams.get('iss')).toBe(origin);
    expect(href.searchParams.get('code')).toMatch(/\S{20,}/);

    const csp = parseCsp((await response.allHeaders())['content-security-policy'] ?? '');
    const script = (await page.locator('script').textContent()) ?? '';
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual([
      `'sha256-${createHash('sha256').update(script).digest('base64')}'`,
    ]);
    // A script the page did not ship is refused by that policy.
    const refused = await injectedScriptRefusal(page);
    expect(refused).toMatch(/^script-src/);

    expect((await handedOver).url()).toBe(href.href);
    await screenshotBothSizes(page, 'interstitial-cursor');
    await expectUsablePage(page);
    expect(consoleErrors.filter((error) => !error.includes('Content Security Policy'))).toEqual([]);
    expect(consoleErrors.filter((error) => error.includes('Content Security Policy'))).toHaveLength(1);
    expectOnlyLocalRequests(requests, [CURSOR_REDIRECT_URI]);
  });

  it('lets the person untick a Kubernetes scope, which the token then lacks', async (context) => {
    await skipWhileBlocked(context);
    const clientId = await registerClient('Scoped client', listener.url);
    const { url, verifier, state } = authorization(clientId, listener.url);
    const { page } = await freshTab();
    await page.goto(url);
    expect(await page.getByRole('checkbox', { name: /Read cluster objects/ }).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: /Run commands in containers/ }).uncheck();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${env.issuer}/interaction/**`);
    await page.getByRole('button', { name: /Sign in as Alice Example/ }).click();
    const answer = await codeArrivesFor(state);
    const token = await fetch(`${origin}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: answer.get('code') ?? '',
        redirect_uri: listener.url,
        code_verifier: verifier,
        client_id: clientId,
      }),
    });
    const scope = ((await token.json()) as { scope: string }).scope.split(' ');
    expect(scope).toEqual(expect.arrayContaining(['kubernetes:read', 'kubernetes:write']));
    expect(scope).not.toContain('kubernetes:exec');
  });

  it('returns access_denied to the client when the person denies consent', async (context) => {
    await skipWhileBlocked(context);
    const clientId = await registerClient('Denied client', listener.url);
    const { url, state } = authorization(clientId, listener.url);
    const { page } = await freshTab();
    await page.goto(url);
    await page.getByRole('button', { name: 'Deny' }).click();
    const answer = await codeArrivesFor(state);
    expect(answer.get('error')).toBe('access_denied');
    expect(answer.get('code')).toBeNull();
  });

  it('approves and signs in with the keyboard alone, showing where the focus is', async (context) => {
    await skipWhileBlocked(context);
    const clientId = await registerClient('Keyboard client', listener.url);
    const { url, state } = authorization(clientId, listener.url);
    const { page } = await freshTab();
    await page.goto(url);

    const consentStops = await tabThrough(page);
    expect(consentStops.map((stop) => stop.name)).toEqual([
      expect.stringContaining('kubernetes:write'),
      expect.stringContaining('kubernetes:exec'),
      'Approve',
      'Deny',
    ]);
    for (const stop of consentStops) expect(stop.outline).toMatch(/^[2-9]px solid/);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedControlName(page)).toBe('Approve');
    await page.keyboard.press('Enter');

    await page.waitForURL(`${env.issuer}/interaction/**`);
    const loginStops = await tabThrough(page);
    expect(loginStops.map((stop) => stop.name)).toEqual([
      expect.stringContaining('Sign in as Alice Example'),
      expect.stringContaining('Sign in as Bob Example'),
      expect.stringContaining('Sign in as Admin Example'),
      'Cancel sign-in',
    ]);
    for (const stop of loginStops) expect(stop.outline).toMatch(/^[2-9]px solid/);
    for (let back = 1; back < loginStops.length; back++) await page.keyboard.press('Shift+Tab');
    expect(await focusedControlName(page)).toContain('Sign in as Alice Example');
    await page.keyboard.press('Enter');

    expect((await codeArrivesFor(state)).get('code')).toBeTruthy();
  });

  it('shows a readable error page when the request cannot be sent back to the client', async () => {
    const { url } = authorization('no-such-client', listener.url);
    const { page, requests } = await freshTab();
    const response = await page.goto(url);
    expect(response?.status()).toBeGreaterThanOrEqual(400);
    expect(await page.getByRole('alert').textContent()).toBeTruthy();
    await expectUsablePage(page);
    await screenshotBothSizes(page, 'error-unknown-client');
    expectOnlyLocalRequests(requests);
  });
});

function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}
