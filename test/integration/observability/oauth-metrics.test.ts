import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthStack, startOAuthStack } from '../mcp/oauth-stack.js';
import { REUSE_GRACE_MS, TestClock, USERS } from '../oauth/oauth-harness.js';
import { fetchWithRegistrationToken } from '../oauth/sdk-oauth-client.js';

// The OAuth server's security events, as an operator sees them on /metrics: a real login through the
// SDK's client, a refresh, a revocation, a replay and refused requests, then one scrape.

/** The value of one series of the scrape, `0` when it is absent. */
function sample(scrape: string, series: string): number {
  const line = scrape.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Every label value of the scrape. */
function labelValues(scrape: string): string[] {
  return [...scrape.matchAll(/\w+="([^"]*)"/g)].map((match) => match[1] ?? '');
}

describe('the OAuth metrics', () => {
  let stack: OAuthStack;
  let baseUrl: string;
  let scrape: string;
  const credentials: string[] = [];

  async function tokenEndpoint(path: string, form: Record<string, string>): Promise<Response> {
    return fetch(`${baseUrl}${path}`, { method: 'POST', body: new URLSearchParams(form) });
  }

  beforeAll(async () => {
    stack = await startOAuthStack({ config: { metricsAddr: '127.0.0.1:0', rateLimitRegistration: 1 } });
    const clock = new TestClock();
    const served = await stack.serve({}, { oauth: { now: clock.now } });
    const { server, mcpUrl } = served;
    baseUrl = served.baseUrl;

    // A login as an MCP client does it: a 401, registration, consent and the upstream login, a code.
    const provider = await served.authorize('alice');
    const clientId = provider.clientInformation()?.client_id ?? '';
    credentials.push(clientId);
    const issued = provider.tokens();
    if (!issued?.refresh_token) throw new Error('the login issued no refresh token');
    credentials.push(issued.access_token, issued.refresh_token);

    const refreshed = await tokenEndpoint('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: issued.refresh_token,
      client_id: clientId,
    });
    expect(refreshed.status).toBe(200);
    const rotated = (await refreshed.json()) as { access_token: string; refresh_token: string };
    credentials.push(rotated.access_token, rotated.refresh_token);

    const revoked = await tokenEndpoint('/oauth/revoke', {
      token: rotated.access_token,
      client_id: clientId,
    });
    expect(revoked.status).toBe(200);
    // Past the grace window, in which a retry of the refresh would get the same answer again.
    clock.advance(REUSE_GRACE_MS);
    const replayed = await tokenEndpoint('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: issued.refresh_token,
      client_id: clientId,
    });
    expect(replayed.status).toBe(400);

    const unknownBearer = 'made-up-token-that-no-one-issued-0123456789';
    credentials.push(unknownBearer);
    const refusedBearer = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${unknownBearer}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(refusedBearer.status).toBe(401);

    // The login registered once: a second registration this minute is over --rate-limit-registration.
    const registration = await fetchWithRegistrationToken(`${baseUrl}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [stack.listener.url], token_endpoint_auth_method: 'none' }),
    });
    expect(registration.status).toBe(429);

    const metricsUrl = server.metricsUrl;
    if (!metricsUrl) throw new Error('the server has no metrics listener');
    scrape = await (await fetch(new URL('/metrics', metricsUrl))).text();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts the registration, the issued and the refreshed tokens', () => {
    expect(sample(scrape, 'mcp_kubernetes_oauth_client_registrations_total{outcome="registered"}')).toBe(1);
    expect(sample(scrape, 'mcp_kubernetes_oauth_tokens_issued_total')).toBe(1);
    expect(sample(scrape, 'mcp_kubernetes_oauth_tokens_refreshed_total')).toBe(1);
  });

  it('counts revocations by reason, and the replayed refresh token', () => {
    const revoked = 'mcp_kubernetes_oauth_tokens_revoked_total';
    expect(sample(scrape, `${revoked}{reason="revocation_endpoint"}`)).toBe(1);
    expect(sample(scrape, `${revoked}{reason="reuse_detected"}`)).toBe(1);
    expect(sample(scrape, 'mcp_kubernetes_oauth_refresh_token_reuse_detected_total')).toBe(1);
  });

  it('counts failed authentications by stage: the unknown bearer token and the replay', () => {
    expect(sample(scrape, 'mcp_kubernetes_auth_failures_total{stage="bearer"}')).toBe(1);
    expect(sample(scrape, 'mcp_kubernetes_auth_failures_total{stage="token_endpoint"}')).toBe(1);
  });

  it('counts the refused registration under its limiter', () => {
    expect(sample(scrape, 'mcp_kubernetes_rate_limit_hits_total{limiter="registration"}')).toBe(1);
  });

  it('never puts a token, a user or a client id in a label', () => {
    const values = labelValues(scrape);
    expect(values.length).toBeGreaterThan(0);
    for (const secret of [...credentials, USERS.alice.email, 'alice']) {
      expect(values.filter((value) => value.includes(secret))).toEqual([]);
    }
  });
});
