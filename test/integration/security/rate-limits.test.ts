import { afterEach, describe, expect, it } from 'vitest';
import {
  chooseRequestId,
  requestLogFields,
  setRequestContext,
} from '../../../src/observability/request-context.js';
import type { AuditEvent, AuditFields } from '../../../src/security/audit-log.js';
import { clientIpResolver } from '../../../src/security/client-ip.js';
import {
  type IpRateLimitOptions,
  rateLimitByIp,
  rateLimitByUser,
  rateLimitRegistrations,
} from '../../../src/security/rate-limits.js';
import { fakeBearer, newApp, type RunningApp, serve, sleep } from './security-app.js';

const running: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

interface AppOptions {
  trustedProxies?: string[];
  ip?: Partial<IpRateLimitOptions>;
  user?: { ratePerSecond: number; burst: number };
  registrationsPerMinute?: number;
}

async function startApp(options: AppOptions = {}) {
  const audit: { event: AuditEvent; fields: AuditFields; requestId?: string }[] = [];
  const record = (event: AuditEvent, fields: AuditFields, request?: object) =>
    audit.push({ event, fields, ...requestLogFields(request) });
  const clientIp = clientIpResolver(options.trustedProxies ?? []);
  const app = newApp();
  // What the server's request observation does first: each request gets its id.
  app.use((req, _res, next) => {
    setRequestContext(req, { requestId: chooseRequestId(req.headers['x-request-id']) });
    next();
  });
  app.use(
    rateLimitByIp({
      ratePerSecond: 2,
      burst: 4,
      clientIp,
      mcpPaths: ['/mcp'],
      bearerAuthentication: true,
      audit: { record },
      ...options.ip,
    }),
  );
  app.post(
    '/oauth/register',
    rateLimitRegistrations({ perMinute: options.registrationsPerMinute ?? 0, clientIp, audit: { record } }),
  );
  app.get('/healthz', (_req, res) => res.send('ok'));
  app.get('/oauth/token', (_req, res) => res.json({ ip: clientIp(_req) }));
  app.post('/oauth/register', (_req, res) => res.status(201).json({}));
  const user = options.user ?? { ratePerSecond: 3, burst: 5 };
  app.post('/mcp', fakeBearer, rateLimitByUser({ ...user, audit: { record } }), (_req, res) => res.json({}));
  const served = await serve(app);
  running.push(served);
  return { url: served.url, audit };
}

async function statuses(count: number, request: () => Promise<Response>): Promise<number[]> {
  const answers: number[] = [];
  for (let i = 0; i < count; i++) answers.push((await request()).status);
  return answers;
}

const mcpCall = (url: string, token: string) => () =>
  fetch(`${url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

describe('the per-IP limit', () => {
  it('admits a burst, refuses the next with Retry-After and an OAuth body, and recovers', async () => {
    const { url, audit } = await startApp();
    expect(await statuses(4, () => fetch(`${url}/oauth/token`))).toEqual([200, 200, 200, 200]);
    const refused = await fetch(`${url}/oauth/token`, { headers: { 'x-request-id': 'over-ip-limit' } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: 'temporarily_unavailable' });
    expect(audit.map((entry) => entry.event)).toContain('rate_limit_exceeded');
    expect(audit[0]?.fields.ip).toBe('127.0.0.1');
    expect(audit[0]?.requestId).toBe('over-ip-limit');
    await sleep(1100);
    expect(await statuses(2, () => fetch(`${url}/oauth/token`))).toEqual([200, 200]);
    expect((await fetch(`${url}/oauth/token`)).status).toBe(429);
  });

  it('never limits the health and readiness probes', async () => {
    const { url } = await startApp();
    expect(new Set(await statuses(12, () => fetch(`${url}/healthz`)))).toEqual(new Set([200]));
  });

  it('is off when its rate is 0', async () => {
    const { url } = await startApp({ ip: { ratePerSecond: 0 } });
    expect(new Set(await statuses(12, () => fetch(`${url}/oauth/token`)))).toEqual(new Set([200]));
  });

  it('answers an unauthenticated MCP request over the limit with a JSON-RPC error', async () => {
    const { url } = await startApp();
    await statuses(4, () => fetch(`${url}/mcp`, { method: 'POST' }));
    const refused = await fetch(`${url}/mcp`, { method: 'POST' });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
  });

  it('counts refused bearer tokens against the IP, and then refuses its bearer requests', async () => {
    const { url } = await startApp();
    expect(await statuses(4, mcpCall(url, 'made-up'))).toEqual([401, 401, 401, 401]);
    expect((await mcpCall(url, 'made-up')()).status).toBe(429);
    expect((await mcpCall(url, 'user:alice')()).status).toBe(429);
  });
});

describe('the client IP', () => {
  const asIfFrom = (url: string, forwardedFor: string) =>
    fetch(`${url}/oauth/token`, { headers: { 'x-forwarded-for': forwardedFor } });

  it('ignores a spoofed X-Forwarded-For when the peer is not a trusted proxy', async () => {
    const { url } = await startApp();
    const answers = await statuses(5, () => asIfFrom(url, `203.0.113.${Math.floor(Math.random() * 250)}`));
    expect(answers).toEqual([200, 200, 200, 200, 429]);
    expect(
      await (await fetch(`${url}/oauth/token`, { headers: { 'x-forwarded-for': '1.2.3.4' } })).status,
    ).toBe(429);
  });

  it('honours X-Forwarded-For from a trusted proxy: each client has its own allowance', async () => {
    const { url } = await startApp({ trustedProxies: ['127.0.0.0/8'] });
    expect(await (await asIfFrom(url, '198.51.100.7')).json()).toEqual({ ip: '198.51.100.7' });
    expect(await statuses(3, () => asIfFrom(url, '198.51.100.7'))).toEqual([200, 200, 200]);
    expect((await asIfFrom(url, '198.51.100.7')).status).toBe(429);
    expect((await asIfFrom(url, '198.51.100.8')).status).toBe(200);
  });

  it('reads X-Forwarded-For from the right, so an address the client prepends is not believed', async () => {
    const { url } = await startApp({ trustedProxies: ['127.0.0.0/8'] });
    const answer = await asIfFrom(url, '10.9.9.9, 198.51.100.7');
    expect(await answer.json()).toEqual({ ip: '198.51.100.7' });
  });
});

describe('the per-user limit', () => {
  it('admits a burst per user, refuses the next call with a JSON-RPC 429, and recovers', async () => {
    const { url, audit } = await startApp({ ip: { ratePerSecond: 1, burst: 1 } });
    expect(await statuses(5, mcpCall(url, 'user:alice'))).toEqual([200, 200, 200, 200, 200]);
    const refused = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { authorization: 'Bearer user:alice', 'x-request-id': 'over-user-limit' },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    expect((await mcpCall(url, 'user:bob')()).status).toBe(200);
    const limited = audit.find((entry) => entry.event === 'rate_limit_exceeded');
    expect(limited?.fields).toMatchObject({ userId: 'alice', clientId: 'client-1', outcome: 'failure' });
    expect(limited?.requestId).toBe('over-user-limit');
    await sleep(1100);
    expect(await statuses(3, mcpCall(url, 'user:alice'))).toEqual([200, 200, 200]);
  });
});

describe('the registration limit', () => {
  it('refuses registrations beyond the per-minute allowance of an IP', async () => {
    const { url } = await startApp({ ip: { ratePerSecond: 0 }, registrationsPerMinute: 2 });
    const register = () => fetch(`${url}/oauth/register`, { method: 'POST' });
    expect(await statuses(2, register)).toEqual([201, 201]);
    const refused = await register();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
    expect(await refused.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });
});
