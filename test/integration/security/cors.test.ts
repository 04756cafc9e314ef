import { afterEach, describe, expect, it } from 'vitest';
import { AllowedOriginsError } from '../../../src/security/allowed-origins.js';
import { corsPolicy } from '../../../src/security/cors.js';
import { newApp, type RunningApp, serve } from './security-app.js';

const running: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

const ALLOWED = 'https://inspector.example.com';

async function startApp() {
  const app = newApp();
  app.use(
    corsPolicy({
      allowedOrigins: [ALLOWED, 'http://localhost:6274'],
      mcpPaths: ['/mcp'],
      openPaths: ['/.well-known', '/oauth/register', '/oauth/token', '/oauth/revoke'],
    }),
  );
  app.post('/mcp', (_req, res) => res.set('Mcp-Session-Id', 's1').json({}));
  app.post('/oauth/token', (_req, res) => res.json({}));
  app.get('/.well-known/oauth-protected-resource/mcp', (_req, res) => res.json({}));
  app.get('/oauth/authorize', (_req, res) => res.json({}));
  const served = await serve(app);
  running.push(served);
  return served.url;
}

const preflight = (url: string, origin: string, headers = 'authorization, content-type, mcp-session-id') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });

describe('CORS on the MCP endpoint', () => {
  it('answers a listed origin, exposing the session id and the challenge, without credentials', async () => {
    const url = await startApp();
    const answer = await fetch(`${url}/mcp`, { method: 'POST', headers: { origin: ALLOWED } });
    expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(answer.headers.get('access-control-expose-headers')).toBe('Mcp-Session-Id,WWW-Authenticate');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toMatch(/Origin/);
  });

  it('matches origins after normalisation (default port written or not)', async () => {
    const url = await startApp();
    const answer = await fetch(`${url}/mcp`, { method: 'POST', headers: { origin: `${ALLOWED}:443` } });
    expect(answer.headers.get('access-control-allow-origin')).toBe(`${ALLOWED}:443`);
  });

  it('gives an origin that is not listed no CORS headers', async () => {
    const url = await startApp();
    const answer = await fetch(`${url}/mcp`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('vary')).toMatch(/Origin/);
    const refused = await preflight(`${url}/mcp`, 'https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the preflight of a listed origin with the MCP request headers', async () => {
    const url = await startApp();
    const answer = await preflight(`${url}/mcp`, ALLOWED);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(answer.headers.get('access-control-allow-headers')).toBe(
      'Authorization,Content-Type,Mcp-Session-Id,Mcp-Protocol-Version,Last-Event-ID,DPoP',
    );
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET,POST,DELETE');
  });
});

describe('CORS on the open OAuth endpoints', () => {
  it('answers any origin with *, never with credentials', async () => {
    const url = await startApp();
    for (const path of ['/oauth/token', '/.well-known/oauth-protected-resource/mcp']) {
      const method = path === '/oauth/token' ? 'POST' : 'GET';
      const answer = await fetch(`${url}${path}`, { method, headers: { origin: 'https://any.example' } });
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('vary')).toMatch(/Origin/);
    }
    const answer = await preflight(`${url}/oauth/token`, 'https://any.example', 'content-type');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives other endpoints (the authorization page) no CORS headers', async () => {
    const url = await startApp();
    const answer = await fetch(`${url}/oauth/authorize`, { headers: { origin: ALLOWED } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('allowed origins at start-up', () => {
  it.each([
    ['example.com', 'needs a scheme'],
    ['https://example.com/path', 'must not have a path'],
    ['https://example.com?x=1', 'must not have a query'],
    ['https://example.com#top', 'must not have a fragment'],
    ['ftp://example.com', 'must use http or https'],
    ['https://user:pw@example.com', 'must not hold credentials'],
  ])('refuses %s, naming it', (entry, why) => {
    expect(() => corsPolicy({ allowedOrigins: [entry], mcpPaths: ['/mcp'], openPaths: [] })).toThrow(
      AllowedOriginsError,
    );
    expect(() => corsPolicy({ allowedOrigins: [entry], mcpPaths: ['/mcp'], openPaths: [] })).toThrow(
      new RegExp(`--allowed-origins entry "${entry.replace(/[?.]/g, '\\$&')}".*${why.split(' ').pop()}`),
    );
  });
});
