import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormBrowser } from '@mcp-kubernetes/devidp/testing';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI_PATH, type CliProcess, startCli } from '../../helpers/cli-process.js';
import { call } from '../mcp/mcp-fixtures.js';
import {
  BrowserDrivenProvider,
  type RedirectListener,
  startRedirectListener,
} from '../oauth/sdk-oauth-client.js';

// `npm start` as a newcomer runs it: `mcp-kubernetes dev` in a terminal, an MCP client pointed at the
// URL of its banner, a login as alice, tool calls, then Ctrl-C.

interface Banner {
  mcpUrl: URL;
  issuer: URL;
  kubeconfigPath: string;
  workDir: string;
}

async function waitForBanner(cli: CliProcess): Promise<Banner> {
  await cli.waitFor(/Stop it with Ctrl-C/);
  const text = cli.output();
  const match = (pattern: RegExp) => text.match(pattern)?.[1] ?? '';
  return {
    mcpUrl: new URL(match(/MCP server\s+(\S+)/)),
    issuer: new URL(match(/local identity provider at (\S+?)\)/)),
    kubeconfigPath: match(/kubectl --kubeconfig (\S+)/),
    workDir: match(/everything it writes is in (\S+),/),
  };
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function processIsGone(pid: number | undefined): boolean {
  try {
    process.kill(pid ?? 0, 0);
    return false;
  } catch {
    return true;
  }
}

describe('mcp-kubernetes dev', () => {
  let listener: RedirectListener;
  beforeAll(async () => {
    listener = await startRedirectListener();
  });
  afterAll(() => {
    listener?.server.close();
  });

  it('serves the demo to a real MCP client logged in as alice, and stops cleanly on Ctrl-C', async () => {
    const cli = startCli(['dev', '--port', '0']);
    let banner: Banner | undefined;
    try {
      banner = await waitForBanner(cli);
      expect(cli.output()).toContain(`claude mcp add --transport http kubernetes ${banner.mcpUrl.href}`);
      expect(cli.output()).toContain('npx @modelcontextprotocol/inspector');
      expect(cli.output()).toMatch(/alice@example\.com\s+edit in namespace team-a/);
      expect(cli.output()).toContain('INSECURE');
      const kubeconfig = parse(readFileSync(banner.kubeconfigPath, 'utf8'));
      expect(banner.kubeconfigPath.startsWith(banner.workDir)).toBe(true);

      const provider = new BrowserDrivenProvider(listener.url, new FormBrowser(), 'alice');
      const login = new StreamableHTTPClientTransport(banner.mcpUrl, { authProvider: provider });
      await expect(new Client({ name: 'newcomer', version: '1.0.0' }).connect(login)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      await login.finishAuth(listener.received.at(-1)?.get('code') ?? '');
      const client = new Client({ name: 'newcomer', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(banner.mcpUrl, { authProvider: provider }));
      try {
        const teamA = await call(client, 'kubernetes_list', { resourceType: 'pods', namespace: 'team-a' });
        expect(teamA.isError).toBe(false);
        expect(teamA.text).toContain('CrashLoopBackOff');
        const teamB = await call(client, 'kubernetes_list', { resourceType: 'pods', namespace: 'team-b' });
        // Downstream OAuth: the call reaches the cluster as alice, whose RBAC stops at team-a.
        expect(cli.output()).toContain('Tool calls run as the signed-in user (downstream OAuth)');
        expect(teamB.isError).toBe(true);
        expect(teamB.text).toMatch(/forbidden/i);
        expect(teamB.text).toContain('alice@example.com');
      } finally {
        await client.close();
      }

      const ports = [banner.mcpUrl, banner.issuer, new URL(kubeconfig.clusters[0].cluster.server)].map(
        (url) => Number(url.port),
      );
      cli.child.kill('SIGINT');
      expect(await cli.exited()).toBe(0);
      for (const port of ports) expect(await portIsFree(port)).toBe(true);
      expect(processIsGone(cli.child.pid)).toBe(true);
      expect(existsSync(banner.workDir)).toBe(false);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  });

  it('serves without OAuth as the admin with --no-oauth, and exits 0 on SIGTERM', async () => {
    const cli = startCli(['dev', '--port', '0', '--no-oauth']);
    try {
      await cli.waitFor(/Stop it with Ctrl-C/);
      expect(cli.output()).toContain('no OAuth (--no-oauth)');
      const url = new URL(cli.output().match(/MCP server\s+(\S+)/)?.[1] ?? '');
      const client = new Client({ name: 'newcomer', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(url));
      const secrets = await call(client, 'kubernetes_list', { resourceType: 'secrets', namespace: 'team-a' });
      expect(secrets.isError).toBe(false);
      expect(secrets.text).toContain('api-credentials');
      await client.close();
      cli.child.kill('SIGTERM');
      expect(await cli.exited()).toBe(0);
      expect(await portIsFree(Number(url.port))).toBe(true);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  });

  it('says it needs the development dependencies when they are not installed', async () => {
    // The bundle alone, away from node_modules, is what `npm ci --omit=dev` leaves of oidc-provider.
    const installed = mkdtempSync(join(tmpdir(), 'mcp-production-install-'));
    try {
      cpSync(join(CLI_PATH, '..'), join(installed, 'dist'), { recursive: true });
      const run = spawnSync(process.execPath, [join(installed, 'dist', 'cli.js'), 'dev', '--port', '0'], {
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('needs the development dependencies');
      expect(run.stderr).toContain('`npm ci` without --omit=dev');
    } finally {
      rmSync(installed, { recursive: true, force: true });
    }
  });
});
