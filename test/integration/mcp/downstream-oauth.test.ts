import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CustomFetch } from 'openid-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterAccess } from '../../../src/k8s/cluster-access.js';
import type { UserName } from '../oauth/oauth-harness.js';
import { call } from './mcp-fixtures.js';
import { type LoggedIn, type OAuthServer, type OAuthStack, startOAuthStack } from './oauth-stack.js';

// --downstream-oauth end to end: the SDK's real client logs in through consent and the development
// identity provider; the simulator runs as an OIDC cluster that trusts that provider (audience: the
// upstream client this server uses, username claim: email), so every Kubernetes call is judged by the
// RBAC of the person who logged in (seed: alice edits team-a, bob views everything).

const LIMITS = { qps: 1000, burst: 1000, requestTimeoutMs: 10_000 };

/**
 * The identity provider's HTTP client as our server sees it: counts upstream refreshes, and can make the
 * provider forget every refresh token (it then answers invalid_grant, as after a revocation).
 */
class UpstreamTraffic {
  refreshes = 0;
  forgetRefreshTokens = false;

  readonly fetch: CustomFetch = (url, options) => {
    const body = options.body;
    const form = body instanceof URLSearchParams ? body : undefined;
    if (form?.get('grant_type') === 'refresh_token') {
      this.refreshes += 1;
      if (this.forgetRefreshTokens) form.set('refresh_token', 'forgotten-by-the-provider');
    }
    return fetch(url, options as RequestInit);
  };
}

/** One OIDC cluster and the identity provider it trusts, with room for `servers` MCP servers. */
function startStack(servers: number, idTokenTtlSeconds?: number): Promise<OAuthStack> {
  return startOAuthStack({
    servers,
    clusterTrustsProvider: true,
    contexts: ['demo', 'other'],
    config: { nonDestructive: false },
    ...(idTokenTtlSeconds ? { idTokenTtlSeconds } : {}),
  });
}

/** A tools/call sent by hand, to see the HTTP answer the SDK's client would react to. */
function rawToolCall(mcpUrl: URL, session: LoggedIn, name: string, args: Record<string, unknown>) {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${session.token}`,
      'mcp-session-id': session.transport.sessionId ?? '',
      'mcp-protocol-version': session.transport.protocolVersion ?? '2025-06-18',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name, arguments: args } }),
  });
}

const listIn = (namespace: string) => ({ resourceType: 'deployments', namespace });
const canListPods = { verb: 'list', resourceType: 'pods', namespace: 'team-a' };

describe('downstream OAuth against an OIDC cluster', () => {
  let stack: OAuthStack;
  let asUsers: OAuthServer;
  let asServiceAccount: OAuthServer;
  let alice: LoggedIn;
  let bob: LoggedIn;

  beforeAll(async () => {
    stack = await startStack(4);
    asUsers = await stack.serve({ downstreamOauth: true });
    asServiceAccount = await stack.serve({});
    alice = await asUsers.logIn('alice');
    bob = await asUsers.logIn('bob');
  });
  afterAll(async () => {
    await alice?.client.close();
    await bob?.client.close();
    await stack?.stop();
  });

  it('lets alice list and scale in team-a, where her RoleBinding lets her edit', async () => {
    const listed = await call(alice.client, 'kubernetes_list', listIn('team-a'));
    expect(listed.isError).toBe(false);
    expect(listed.text).toContain('web');
    const scaled = await call(alice.client, 'kubernetes_scale', {
      name: 'web',
      namespace: 'team-a',
      replicas: 2,
    });
    expect(scaled.isError).toBe(false);
    const deployment = stack.devcluster.cluster.store.get(
      { group: 'apps', resource: 'deployments' },
      'team-a',
      'web',
    ) as { spec?: { replicas?: number } } | undefined;
    expect(deployment?.spec?.replicas).toBe(2);
  });

  it('gives alice a Forbidden tool error in team-b, where the service account would succeed', async () => {
    const mine = await call(alice.client, 'kubernetes_list', listIn('team-b'));
    expect(mine.isError).toBe(true);
    expect(mine.text).toContain('Forbidden');
    expect(mine.text).toContain('alice@example.com');

    const viaServiceAccount = await asServiceAccount.logIn('alice');
    try {
      const theirs = await call(viaServiceAccount.client, 'kubernetes_list', listIn('team-b'));
      expect(theirs.isError).toBe(false);
      expect(theirs.text).toContain('worker');
    } finally {
      await viaServiceAccount.client.close();
    }
  });

  it('lets bob read everywhere but not delete', async () => {
    const read = await call(bob.client, 'kubernetes_get', {
      resourceType: 'configmaps',
      namespace: 'team-a',
      name: 'web-config',
    });
    expect(read.isError).toBe(false);
    const deleted = await call(bob.client, 'kubernetes_delete', {
      resourceType: 'configmaps',
      namespace: 'team-a',
      name: 'web-config',
    });
    expect(deleted.isError).toBe(true);
    expect(deleted.text).toContain('Forbidden');
    expect(deleted.text).toContain('bob@example.com');
  });

  it('sends user tokens only to the default context when --allowed-contexts names none', async () => {
    const other = await call(alice.client, 'kubernetes_list', { ...listIn('team-a'), context: 'other' });
    expect(other.isError).toBe(true);
    expect(other.text).toContain('context "other" is not allowed');
    const contexts = await call(alice.client, 'kubernetes_context_list');
    expect(contexts.text).not.toContain('other');
  });

  it('never mixes up two users calling at the same time (200 interleaved calls)', async () => {
    const before = await asUsers.server.metrics().snapshot();
    const callers = Array.from({ length: 200 }, (_, index): UserName => (index % 2 === 0 ? 'alice' : 'bob'));
    const answers = await Promise.all(
      callers.map(async (name) => {
        const session = name === 'alice' ? alice : bob;
        return { name, answer: await call(session.client, 'kubernetes_can_i', canListPods) };
      }),
    );
    for (const { name, answer } of answers) {
      expect(answer.isError).toBe(false);
      expect(answer.text).toContain(`User "${name}@example.com"`);
      expect(answer.text).not.toContain(name === 'alice' ? 'bob@' : 'alice@');
    }
    const after = await asUsers.server.metrics().snapshot();
    expect(after.perUserAuthSuccess - before.perUserAuthSuccess).toBe(200);
    expect(after.perUserAuthFallback).toBe(0);
  });

  it('applies the same RBAC when the service account impersonates the user', async () => {
    const impersonating = await stack.serve({ downstreamOauth: true, downstreamAuth: 'impersonate' });
    const aliceHere = await impersonating.logIn('alice');
    const bobHere = await impersonating.logIn('bob');
    try {
      expect((await call(aliceHere.client, 'kubernetes_list', listIn('team-a'))).isError).toBe(false);
      const forbidden = await call(aliceHere.client, 'kubernetes_list', listIn('team-b'));
      expect(forbidden.isError).toBe(true);
      expect(forbidden.text).toContain('User "alice@example.com"');
      expect((await call(bobHere.client, 'kubernetes_list', listIn('team-b'))).isError).toBe(false);
      const deleted = await call(bobHere.client, 'kubernetes_delete', {
        resourceType: 'configmaps',
        namespace: 'team-a',
        name: 'web-config',
      });
      expect(deleted.isError).toBe(true);
      expect(deleted.text).toContain('User "bob@example.com"');
    } finally {
      await aliceHere.client.close();
      await bobHere.client.close();
    }
  });

  it('runs in-cluster: API server from the service environment, CA and token from the mounted files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-account-'));
    writeFileSync(join(dir, 'ca.crt'), stack.devcluster.caCert ?? '');
    writeFileSync(join(dir, 'token'), stack.devcluster.adminToken);
    const { port } = new URL(stack.devcluster.url);
    const access = createClusterAccess({
      inCluster: true,
      inClusterDir: dir,
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
      ...LIMITS,
    });
    const inCluster = await stack.serve(
      { downstreamOauth: true, inCluster: true },
      { clusterAccess: access },
    );
    const aliceHere = await inCluster.logIn('alice');
    try {
      expect((await call(aliceHere.client, 'kubernetes_list', listIn('team-a'))).isError).toBe(false);
      const forbidden = await call(aliceHere.client, 'kubernetes_list', listIn('team-b'));
      expect(forbidden.isError).toBe(true);
      expect(forbidden.text).toContain('User "alice@example.com"');
    } finally {
      await aliceHere.client.close();
      await access.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('downstream OAuth when the upstream ID token expires', () => {
  const ID_TOKEN_SECONDS = 2;
  let stack: OAuthStack;
  const traffic = new UpstreamTraffic();

  beforeAll(async () => {
    stack = await startStack(2, ID_TOKEN_SECONDS);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refreshes an expired ID token before the next call, which then succeeds', async () => {
    const served = await stack.serve({ downstreamOauth: true }, { oauth: { fetch: traffic.fetch } });
    const alice = await served.logIn('alice');
    try {
      await new Promise((resolve) => setTimeout(resolve, (ID_TOKEN_SECONDS + 1) * 1000));
      const refreshesBefore = traffic.refreshes;
      const listed = await call(alice.client, 'kubernetes_list', listIn('team-a'));
      expect(listed.isError).toBe(false);
      expect(traffic.refreshes).toBeGreaterThan(refreshesBefore);

      traffic.forgetRefreshTokens = true;
      const refused = await rawToolCall(served.mcpUrl, alice, 'kubernetes_list', listIn('team-a'));
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(refused.headers.get('www-authenticate')).toContain('resource_metadata=');
      expect((await served.server.metrics().snapshot()).bearerClientFailures).toBe(1);
    } finally {
      traffic.forgetRefreshTokens = false;
      await alice.client.close();
    }
  });

  it('falls back to the service account with --downstream-oauth-insecure-fallback, counted and logged', async () => {
    const logLines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    );
    const fallbackTraffic = new UpstreamTraffic();
    const served = await stack.serve(
      { downstreamOauth: true, downstreamOauthInsecureFallback: true },
      { logger, oauth: { fetch: fallbackTraffic.fetch } },
    );
    const alice = await served.logIn('alice');
    try {
      fallbackTraffic.forgetRefreshTokens = true;
      // team-b is beyond alice's RBAC: only the service account can list it.
      const listed = await call(alice.client, 'kubernetes_list', listIn('team-b'));
      expect(listed.isError).toBe(false);
      expect(listed.text).toContain('worker');
      const counts = await served.server.metrics().snapshot();
      expect(counts.perUserAuthFallback).toBe(1);
      expect(logLines.join('')).toContain('insecure-fallback');
      expect(logLines.join('')).not.toContain('alice@example.com');
    } finally {
      await alice.client.close();
    }
  });
});
