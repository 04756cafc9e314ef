// Which clusters and credentials a call gets: kubeconfig contexts and --allowed-contexts, clear
// start-up errors, downstream bearer tokens instead of the kubeconfig's, exec credential plugins,
// and the in-cluster configuration of a pod.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevCluster } from '@mcp-kubernetes/devcluster';
import { type ClusterWithUsers, startClusterWithUsers } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Clock } from '../../../src/k8s/clock.js';
import { createClusterAccess } from '../../../src/k8s/cluster-access.js';
import { ClusterConfigError } from '../../../src/k8s/cluster-config-error.js';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';

const LIMITS = { qps: 1000, burst: 1000, requestTimeoutMs: 10_000 };
const CLIENT_CERT = Buffer.from('-----BEGIN CERTIFICATE-----\nnot-a-real-cert\n').toString('base64');
const CLIENT_KEY = Buffer.from('-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n').toString('base64');
const PASSWORD = 'basic-auth-password-7f3a';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'k8s-access-'));
}

/** An exec credential plugin, as gke-gcloud-auth-plugin is one: a program printing an ExecCredential. */
function execUser(token: string) {
  const credential = {
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token, expirationTimestamp: new Date(Date.now() + 3_600_000).toISOString() },
  };
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: ['-e', `process.stdout.write(${JSON.stringify(JSON.stringify(credential))})`],
      interactiveMode: 'Never',
    },
  };
}

/** A kubeconfig with several contexts on one simulator, each user holding a different credential. */
function multiContextKubeconfig(devcluster: DevCluster, bobToken: string): string {
  const cluster = {
    server: devcluster.url,
    'certificate-authority-data': Buffer.from(devcluster.caCert ?? '').toString('base64'),
  };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sim', cluster }],
    users: [
      { name: 'admin', user: { token: devcluster.adminToken } },
      { name: 'bob', user: { token: bobToken } },
      { name: 'plugin', user: execUser(devcluster.adminToken) },
      { name: 'cert', user: { 'client-certificate-data': CLIENT_CERT, 'client-key-data': CLIENT_KEY } },
      { name: 'basic', user: { username: 'someone', password: PASSWORD } },
    ],
    contexts: [
      { name: 'admin', context: { cluster: 'sim', user: 'admin' } },
      { name: 'bob', context: { cluster: 'sim', user: 'bob', namespace: 'team-a' } },
      { name: 'plugin', context: { cluster: 'sim', user: 'plugin' } },
      { name: 'cert', context: { cluster: 'sim', user: 'cert' } },
      { name: 'basic', context: { cluster: 'sim', user: 'basic' } },
    ],
    'current-context': 'admin',
  });
}

async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('cluster access', () => {
  let users: ClusterWithUsers;
  let kubeconfig: string;

  beforeAll(async () => {
    users = await startClusterWithUsers({ seed: 'default', tls: true });
    kubeconfig = multiContextKubeconfig(users.devcluster, users.tokens.bob);
  });
  afterAll(async () => {
    await users.stop();
  });

  it('lists contexts with names, servers and user names, and never a credential', () => {
    const access = createClusterAccess({ kubeconfigYaml: kubeconfig, ...LIMITS });
    const contexts = access.contexts();
    expect(contexts.map((context) => context.name)).toEqual(['admin', 'bob', 'plugin', 'cert', 'basic']);
    expect(contexts[1]).toEqual({
      name: 'bob',
      cluster: 'sim',
      server: users.devcluster.url,
      user: 'bob',
      namespace: 'team-a',
    });
    const secrets = [
      users.devcluster.adminToken,
      users.tokens.bob,
      CLIENT_CERT,
      CLIENT_KEY,
      Buffer.from(CLIENT_CERT, 'base64').toString(),
      Buffer.from(CLIENT_KEY, 'base64').toString(),
      PASSWORD,
    ];
    const values = contexts.flatMap((context) => Object.values(context).map(String));
    for (const value of values) for (const secret of secrets) expect(value).not.toContain(secret);
    for (const secret of secrets) expect(JSON.stringify(contexts)).not.toContain(secret);
  });

  it('uses the kubeconfig current context by default, or the one given', async () => {
    const byDefault = createClusterAccess({ kubeconfigYaml: kubeconfig, ...LIMITS });
    const chosen = createClusterAccess({ kubeconfigYaml: kubeconfig, context: 'bob', ...LIMITS });
    try {
      expect(byDefault.defaultContext()).toBe('admin');
      expect(chosen.defaultContext()).toBe('bob');
      expect(chosen.client().contextName).toBe('bob');
    } finally {
      await byDefault.close();
      await chosen.close();
    }
  });

  it('refuses a context outside --allowed-contexts, naming the allowed ones', async () => {
    const access = createClusterAccess({
      kubeconfigYaml: kubeconfig,
      allowedContexts: ['bob', 'plugin'],
      ...LIMITS,
    });
    try {
      expect(access.contexts().map((context) => context.name)).toEqual(['bob', 'plugin']);
      // The kubeconfig's current context (admin) is not allowed: the first allowed one is used.
      expect(access.defaultContext()).toBe('bob');
      const refused = await failure(() => access.client('admin'));
      expect(refused).toBeInstanceOf(KubernetesError);
      expect(refused).toMatchObject({
        failure: 'not-allowed',
        message: 'context "admin" is not allowed; the allowed contexts are "bob", "plugin"',
      });
    } finally {
      await access.close();
    }
  });

  it('sends a downstream bearer token instead of the kubeconfig credential', async () => {
    const access = createClusterAccess({ kubeconfigYaml: kubeconfig, ...LIMITS });
    try {
      const secrets = '/api/v1/namespaces/team-a/secrets';
      await expect(access.client().request({ path: secrets })).resolves.toMatchObject({ kind: 'SecretList' });
      const asBob = access.client(undefined, { bearerToken: users.tokens.bob });
      const forbidden = await failure(() => asBob.request({ path: secrets }));
      expect(forbidden).toMatchObject({ failure: 'api', status: 403, reason: 'Forbidden' });
      expect((forbidden as KubernetesError).message).toContain(
        'User "bob@example.com" cannot list resource "secrets"',
      );
      await expect(asBob.request({ path: '/api/v1/namespaces/team-a/pods' })).resolves.toMatchObject({
        kind: 'PodList',
      });
    } finally {
      await access.close();
    }
  });

  it('drops the kubeconfig client certificate when acting for a bearer token', async () => {
    const access = createClusterAccess({ kubeconfigYaml: kubeconfig, context: 'cert', ...LIMITS });
    try {
      // The made-up certificate cannot even be loaded: only a connection without it succeeds.
      const asBob = access.client('cert', { bearerToken: users.tokens.bob });
      await expect(asBob.request({ path: '/api/v1/namespaces/team-a/pods' })).resolves.toMatchObject({
        kind: 'PodList',
      });
    } finally {
      await access.close();
    }
  });

  it('keeps one client per context and token, and a bounded number of them', async () => {
    const access = createClusterAccess({ kubeconfigYaml: kubeconfig, identityCacheSize: 2, ...LIMITS });
    try {
      const bob = access.client('admin', { bearerToken: users.tokens.bob });
      expect(access.client('admin', { bearerToken: users.tokens.bob })).toBe(bob);
      expect(access.client('bob', { bearerToken: users.tokens.bob })).not.toBe(bob);
      access.client('admin', { bearerToken: users.tokens.alice });
      access.client('admin', { bearerToken: users.tokens.mallory });
      expect(access.client('admin', { bearerToken: users.tokens.bob })).not.toBe(bob);
    } finally {
      await access.close();
    }
  });

  it('gets its token from an exec credential plugin', async () => {
    const access = createClusterAccess({ kubeconfigYaml: kubeconfig, context: 'plugin', ...LIMITS });
    try {
      await expect(
        access.client().request({ path: '/api/v1/namespaces/team-a/secrets' }),
      ).resolves.toMatchObject({
        kind: 'SecretList',
      });
    } finally {
      await access.close();
    }
  });

  it('reports a failing exec plugin as a credential problem of its context', async () => {
    const broken = kubeconfig.replace(process.execPath, '/nonexistent/gke-gcloud-auth-plugin');
    const access = createClusterAccess({ kubeconfigYaml: broken, context: 'plugin', ...LIMITS });
    try {
      const error = await failure(() => access.client().request({ path: '/api' }));
      expect(error).toMatchObject({ failure: 'unreachable' });
      expect((error as Error).message).toMatch(/^could not get credentials for context "plugin": /);
    } finally {
      await access.close();
    }
  });

  it('uses the kubeconfig named by KUBECONFIG', async () => {
    const path = join(tempDir(), 'config');
    writeFileSync(path, users.devcluster.kubeconfig);
    const access = createClusterAccess({ env: { KUBECONFIG: `/nonexistent/first:${path}` }, ...LIMITS });
    try {
      await expect(access.client().request({ path: '/api' })).resolves.toMatchObject({ kind: 'APIVersions' });
    } finally {
      await access.close();
    }
  });
});

describe('cluster access start-up errors', () => {
  const kubeconfig = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: [
      { name: 'one', context: { cluster: 'c', user: 'u' } },
      { name: 'dangling', context: { cluster: 'missing', user: 'u' } },
    ],
    'current-context': 'one',
  });

  it.each([
    [{ kubeconfigPath: '/nonexistent/kubeconfig' }, 'the kubeconfig /nonexistent/kubeconfig does not exist'],
    [
      { kubeconfigYaml: 'clusters: [{}]' },
      'the kubeconfig given as text is not valid: clusters[0].name is missing',
    ],
    [{ kubeconfigYaml: 'kind: Config' }, 'the kubeconfig given as text defines no context'],
    [
      { kubeconfigYaml: kubeconfig, context: 'two' },
      'context "two" is not defined in the kubeconfig (it defines "one", "dangling")',
    ],
    [
      { kubeconfigYaml: kubeconfig, allowedContexts: ['one', 'three'] },
      'allowed context "three" is not defined in the kubeconfig (it defines "one", "dangling")',
    ],
    [
      { kubeconfigYaml: kubeconfig, context: 'dangling' },
      'context "dangling" names cluster "missing", which is not defined',
    ],
    [
      { env: { HOME: '/nonexistent-home' } },
      'no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist; ' +
        'pass --kubeconfig, or --in-cluster when running in a pod',
    ],
  ])('refuses to start with %o', (options, message) => {
    const error = (() => {
      try {
        createClusterAccess({ ...options, inClusterDir: '/nonexistent', ...LIMITS });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ClusterConfigError);
    expect((error as Error).message).toBe(message);
  });

  it('reports a broken context other than the default one when it is first used', () => {
    const access = createClusterAccess({ kubeconfigYaml: kubeconfig, ...LIMITS });
    expect(() => access.client('dangling')).toThrow(
      expect.objectContaining({ failure: 'unreachable', message: expect.stringContaining('"missing"') }),
    );
  });
});

describe('in-cluster access', () => {
  let users: ClusterWithUsers;

  beforeAll(async () => {
    users = await startClusterWithUsers({ seed: 'default', tls: true });
  });
  afterAll(async () => {
    await users.stop();
  });

  function serviceAccountDir(token: string): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.crt'), users.devcluster.caCert ?? '');
    writeFileSync(join(dir, 'token'), token);
    writeFileSync(join(dir, 'namespace'), 'team-a');
    return dir;
  }

  const env = () => {
    const url = new URL(users.devcluster.url);
    return { KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port };
  };

  it('reaches the API server from the service environment and the mounted service account', async () => {
    const dir = serviceAccountDir(users.devcluster.adminToken);
    const access = createClusterAccess({ inCluster: true, inClusterDir: dir, env: env(), ...LIMITS });
    try {
      expect(access.inCluster).toBe(true);
      expect(access.contexts()).toEqual([
        {
          name: 'in-cluster',
          cluster: 'in-cluster',
          server: users.devcluster.url,
          user: 'service-account',
          namespace: 'team-a',
        },
      ]);
      await expect(
        access.client().request({ path: '/api/v1/namespaces/team-a/secrets' }),
      ).resolves.toMatchObject({
        kind: 'SecretList',
      });
    } finally {
      await access.close();
    }
  });

  it('re-reads the rotated token file once the last read is a minute old', async () => {
    let now = 0;
    const clock: Clock = { now: () => now, sleep: async () => {} };
    const dir = serviceAccountDir(users.devcluster.adminToken);
    const access = createClusterAccess({ inCluster: true, inClusterDir: dir, env: env(), clock, ...LIMITS });
    const listSecrets = () => access.client().request({ path: '/api/v1/namespaces/team-a/secrets' });
    try {
      await listSecrets();
      writeFileSync(join(dir, 'token'), users.tokens.bob);
      now += 59_000;
      await expect(listSecrets()).resolves.toMatchObject({ kind: 'SecretList' });
      now += 2_000;
      await expect(listSecrets()).rejects.toMatchObject({ status: 403 });
    } finally {
      await access.close();
    }
  });

  it('explains what is missing outside a pod', () => {
    expect(() =>
      createClusterAccess({ inCluster: true, inClusterDir: tempDir(), env: {}, ...LIMITS }),
    ).toThrow(/KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT/);
    expect(() =>
      createClusterAccess({ inCluster: true, inClusterDir: tempDir(), env: env(), ...LIMITS }),
    ).toThrow(/the service account CA certificate .*ca\.crt does not exist/);
  });

  it('falls back to the service account when no kubeconfig exists', async () => {
    const dir = serviceAccountDir(users.devcluster.adminToken);
    const access = createClusterAccess({ inClusterDir: dir, env: { ...env(), HOME: tempDir() }, ...LIMITS });
    try {
      expect(access.inCluster).toBe(true);
    } finally {
      await access.close();
    }
  });
});
