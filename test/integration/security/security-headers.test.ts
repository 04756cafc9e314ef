import { afterEach, describe, expect, it } from 'vitest';
import { clientIpResolver } from '../../../src/security/client-ip.js';
import { rateLimitByIp } from '../../../src/security/rate-limits.js';
import { DEFAULT_CONTENT_SECURITY_POLICY, securityHeaders } from '../../../src/security/security-headers.js';
import { TrustedProxies } from '../../../src/security/trusted-proxies.js';
import { fakeBearer, newApp, type RunningApp, serve } from './security-app.js';

const running: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

async function startApp(options: { enableHsts?: boolean; trustedProxies?: string[] } = {}) {
  const trustedProxies = TrustedProxies.parse(options.trustedProxies ?? []);
  const app = newApp();
  app.use(
    securityHeaders({
      trustedProxies,
      enableHsts: options.enableHsts ?? false,
      noStorePaths: ['/oauth', '/.well-known'],
    }),
  );
  app.use(
    rateLimitByIp({
      ratePerSecond: 1,
      burst: 1,
      clientIp: clientIpResolver(trustedProxies),
      mcpPaths: ['/mcp'],
      bearerAuthentication: true,
      exemptPaths: ['/ok', '/redirect', '/page', '/oauth/token'],
    }),
  );
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  app.get('/redirect', (_req, res) => res.redirect(302, 'https://client.example/callback'));
  app.get('/page', (_req, res) => {
    res
      .set('Content-Security-Policy', "default-src 'none'; style-src 'sha256-abc'")
      .type('html')
      .send('<p>hi');
  });
  app.post('/oauth/token', (_req, res) => res.json({ access_token: 'x' }));
  app.post('/mcp', fakeBearer, (_req, res) => res.json({}));
  app.get('/limited', (_req, res) => res.json({}));
  const served = await serve(app);
  running.push(served);
  return served.url;
}

function expectSecurityHeaders(response: Response): void {
  const headers = response.headers;
  expect(headers.get('content-security-policy')).toBe(DEFAULT_CONTENT_SECURITY_POLICY);
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(headers.get('permissions-policy')).toContain('camera=()');
  expect(headers.get('permissions-policy')).toContain('geolocation=()');
}

describe('security headers', () => {
  it('are on a 200, a 302, a 401 and a 429', async () => {
    const url = await startApp();
    const ok = await fetch(`${url}/ok`);
    const redirect = await fetch(`${url}/redirect`, { redirect: 'manual' });
    const unauthorized = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { authorization: 'Bearer no' },
    });
    await fetch(`${url}/limited`);
    const limited = await fetch(`${url}/limited`);
    expect([ok.status, redirect.status, unauthorized.status, limited.status]).toEqual([200, 302, 401, 429]);
    for (const response of [ok, redirect, unauthorized, limited]) expectSecurityHeaders(response);
  });

  it("leave a page's own Content-Security-Policy in place", async () => {
    const url = await startApp();
    const page = await fetch(`${url}/page`);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'sha256-abc'");
  });

  it('forbid caching OAuth answers only', async () => {
    const url = await startApp();
    expect((await fetch(`${url}/oauth/token`, { method: 'POST' })).headers.get('cache-control')).toBe(
      'no-store',
    );
    expect((await fetch(`${url}/ok`)).headers.get('cache-control')).toBeNull();
  });

  it('send HSTS only over HTTPS, or always with ENABLE_HSTS', async () => {
    const plain = await startApp();
    expect((await fetch(`${plain}/ok`)).headers.get('strict-transport-security')).toBeNull();
    const forced = await startApp({ enableHsts: true });
    expect((await fetch(`${forced}/ok`)).headers.get('strict-transport-security')).toMatch(
      /^max-age=31536000/,
    );
  });

  it('send HSTS when a trusted proxy says the request was HTTPS, not when a client says so', async () => {
    const direct = await startApp();
    const spoofed = await fetch(`${direct}/ok`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
    const proxied = await startApp({ trustedProxies: ['127.0.0.1'] });
    const answer = await fetch(`${proxied}/ok`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(answer.headers.get('strict-transport-security')).toMatch(/includeSubDomains/);
  });
});
