import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../helpers/cli-process.js';
import { call, connectStreamableHttp, useTeamCluster } from './mcp-fixtures.js';

const cluster = useTeamCluster();

describe('mcp-kubernetes serve', () => {
  it('shows every setting with its default and environment variable in --help', async () => {
    const { code, output } = await runCli(['serve', '--help']);
    expect(code).toBe(0);
    const help = output.replace(/\s+/g, ' ');
    for (const text of [
      '--transport <value>',
      '(default: stdio)',
      '--session-idle-timeout <duration>',
      '(default: 30m)',
      '--non-destructive [bool]',
      '--max-output-bytes <size>',
      '(default: 64KiB)',
      'MCP_KUBERNETES_QPS_LIMIT',
      'MAX_REQUEST_SIZE',
    ]) {
      expect(help).toContain(text);
    }
  });

  it('refuses to serve HTTP beyond loopback without authentication, saying why', async () => {
    const { code, output } = await runCli(['serve', '--transport=streamable-http', '--http-addr=0.0.0.0:0']);
    expect(code).toBe(1);
    expect(output).toContain('error: --http-addr 0.0.0.0:0 listens beyond loopback');
    expect(output).toContain('--allow-unauthenticated-http');
  });

  it('lists the OAuth flags with their environment variables', async () => {
    const { output } = await runCli(['serve', '--help']);
    for (const text of ['--enable-oauth', '--oauth-base-url', 'GOOGLE_CLIENT_SECRET', 'REGISTRATION_TOKEN']) {
      expect(output).toContain(text);
    }
  });

  const NO_GOOGLE = { GOOGLE_CLIENT_ID: '', GOOGLE_CLIENT_SECRET: '' };
  const GOOGLE = {
    GOOGLE_CLIENT_ID: 'client-id',
    GOOGLE_CLIENT_SECRET: 'client-secret',
    REGISTRATION_TOKEN: 'a-registration-token-of-enough-length-0123456789',
  };

  it.each([
    [['--oauth-base-url=http://mcp.example.com'], NO_GOOGLE, 'OAuth 2.1 requires HTTPS'],
    [['--oauth-base-url=https://mcp.example.com'], NO_GOOGLE, 'Google OAuth credentials were not found'],
    [
      ['--oauth-base-url=https://mcp.example.com', '--transport=stdio'],
      GOOGLE,
      'use it with --transport=streamable-http',
    ],
  ])('refuses --enable-oauth with %j, saying what to do', async (extra, env, message) => {
    const { code, output } = await runCli(
      ['serve', '--transport=streamable-http', '--enable-oauth', ...extra],
      env,
    );
    expect(code).toBe(1);
    expect(output).toContain(message);
    expect(output).not.toContain('    at ');
  });

  it('names the flag of a wrong value and what it takes', async () => {
    const { code, output } = await runCli(['serve', '--session-idle-timeout=soon', '--burst-limit=0']);
    expect(code).toBe(1);
    expect(output).toContain('--session-idle-timeout takes a duration');
    expect(output).toContain('--burst-limit takes a whole number from 1 to 100000, got "0"');
    expect(output).not.toContain('    at ');
  });

  it('reports a missing kubeconfig clearly', async () => {
    const { code, output } = await runCli(['serve', '--kubeconfig=/nonexistent/kubeconfig']);
    expect(code).toBe(1);
    expect(output).toContain('/nonexistent/kubeconfig does not exist');
  });

  it('serves streamable HTTP on the address it logs, and stops on SIGTERM', async () => {
    const cli = startCli([
      'serve',
      '--transport=streamable-http',
      '--http-addr=127.0.0.1:0',
      `--kubeconfig=${cluster.kubeconfig}`,
    ]);
    const [, url] = await cli.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/);
    const client = await connectStreamableHttp(String(url));
    expect((await call(client, 'kubernetes_list', { resourceType: 'configmaps' })).text).toContain(
      'web-config',
    );
    await client.close();
    cli.child.kill('SIGTERM');
    expect(await cli.exited()).toBe(0);
  });
});
