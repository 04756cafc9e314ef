import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigYaml, startHttpServer, type TempFiles, tempFiles } from './mcp-fixtures.js';

// The security layer as `serve` assembles it (its parts have tests of their own): every answer
// carries the security headers, the per-IP limit answers 429 with Retry-After, and on the MCP
// endpoint only --allowed-origins get CORS while other pages' requests are refused.

const ALLOWED = 'https://console.example.com';

function expectSecurityHeaders(answer: Response): void {
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  expect(answer.headers.get('x-frame-options')).toBe('DENY');
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(answer.headers.get('permissions-policy')).toContain('camera=()');
}

describe('the security layer of serve', () => {
  let devcluster: DevCluster;
  let files: TempFiles;
  let server: Awaited<ReturnType<typeof startHttpServer>>;

  beforeAll(async () => {
    files = tempFiles();
    devcluster = await startDevCluster({ seed: 'empty' });
    const kubeconfig = files.write(
      'kubeconfig',
      kubeconfigYaml([{ name: 'demo', server: devcluster.url, token: devcluster.adminToken }], 'demo'),
    );
    server = await startHttpServer({
      kubeconfig,
      rateLimitIp: 2,
      rateLimitIpBurst: 3,
      allowedOrigins: [ALLOWED],
    });
  });
  afterAll(async () => {
    await server?.stop();
    await devcluster?.stop();
    files?.remove();
  });

  it('answers an allowed origin with CORS and refuses another page', async () => {
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-expose-headers')).toContain('Mcp-Session-Id');
    const foreign = await fetch(server.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expectSecurityHeaders(foreign);
  });

  it('limits one address and says when to retry, with the security headers on the 429', async () => {
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const answer = await fetch(server.url, { method: 'GET' });
      expectSecurityHeaders(answer);
      if (answer.status === 429) limited = answer;
      else await answer.text();
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited?.text()).toContain('too many requests');
  });
});
