import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient } from '@mcp-kubernetes/devcluster/testing';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, startCli } from '../../helpers/cli-process.js';

describe('mcp-kubernetes devcluster', () => {
  it('prints its URL when ready, writes a working kubeconfig, and exits 0 on SIGTERM', async () => {
    const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'devcluster-')), 'kubeconfig');
    const cli = startCli([
      'devcluster',
      '--port=0',
      '--tls',
      `--write-kubeconfig=${kubeconfigPath}`,
      '--pods=5',
    ]);
    try {
      const [, url] = await cli.waitFor(/listening on (https:\/\/127\.0\.0\.1:\d+)/);
      await cli.waitFor(/kubeconfig for the admin user written/);
      const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8'));
      expect(kubeconfig.clusters[0].cluster.server).toBe(url);
      const ca = Buffer.from(
        kubeconfig.clusters[0].cluster['certificate-authority-data'],
        'base64',
      ).toString();
      const api = apiClient(url ?? '', ca);
      const pods = await api('GET', '/api/v1/namespaces/load/pods', {
        token: kubeconfig.users[0].user.token,
      });
      expect(pods.status).toBe(200);
      expect(pods.body.items).toHaveLength(5);
      expect(cli.output()).not.toContain('add --tls');
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited()).toBe(0);
  });

  it("says a kubeconfig for plain HTTP will not carry kubectl's token", async () => {
    const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'devcluster-')), 'kubeconfig');
    const cli = startCli(['devcluster', '--port=0', `--write-kubeconfig=${kubeconfigPath}`]);
    try {
      await cli.waitFor(/add --tls to use this kubeconfig with kubectl/);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited()).toBe(0);
  });

  it('serves the token users of --token-auth-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devcluster-'));
    const tokenFile = join(dir, 'tokens.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(tokenFile, 'bob-token,bob@example.com,bob,"devs,ops"\n');
    const cli = startCli(['devcluster', '--port', '0', '--token-auth-file', tokenFile]);
    try {
      const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const api = apiClient(url ?? '');
      const review = await api('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        token: 'bob-token',
        body: {},
      });
      expect(review.body.status).toMatchObject({
        userInfo: { username: 'bob@example.com', groups: ['devs', 'ops', 'system:authenticated'] },
      });
      expect((await api('GET', '/api/v1/namespaces/team-a/pods', { token: 'bob-token' })).status).toBe(200);
    } finally {
      cli.child.kill('SIGINT');
    }
    expect(await cli.exited()).toBe(0);
  });

  it.each([
    [['devcluster', '--port', 'eighty'], '--port takes a port number from 0 to 65535'],
    [['devcluster', '--tls=maybe'], '--tls takes true or false, got "maybe"'],
    [['devcluster', '--bogus'], "unknown option '--bogus'"],
    [
      ['devcluster', '--oidc-issuer-url', 'https://issuer.example'],
      '--oidc-issuer-url needs --oidc-client-id',
    ],
    [['devcluster', '--oidc-issuer-url', 'http://issuer.example', '--oidc-client-id', 'k'], 'must use https'],
    [['devcluster', '--seed', '/nonexistent/seed.yaml'], '/nonexistent/seed.yaml'],
  ])('refuses %j with an error naming the problem', async (args, message) => {
    const { code, output } = await runCli(args);
    expect(code).not.toBe(0);
    expect(output).toContain(message);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
