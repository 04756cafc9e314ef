import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check-command.js';

const CLI = 'dist/cli.js';
const STRONG_TOKEN = '3f9a1c7e5b2d8f40a6c1e9b7d3f5a2c8e0b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1';
const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');

/** Secrets by environment, as production passes them; nothing from the developer's own shell. */
const SECURE_ENV = {
  GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'google-secret',
  REGISTRATION_TOKEN: STRONG_TOKEN,
  OAUTH_ENCRYPTION_KEY: ENCRYPTION_KEY,
};

const SECURE_FLAGS = [
  '--transport=streamable-http',
  '--http-addr=0.0.0.0:8080',
  '--enable-oauth',
  '--oauth-base-url=https://mcp.example.com',
  '--trusted-proxies=10.0.0.0/8',
  '--allowed-origins=https://inspector.example.com',
];

const INSECURE_FLAGS = [
  '--transport=streamable-http',
  '--enable-oauth',
  '--oauth-base-url=http://localhost:8080',
  '--allow-public-registration',
  '--allow-insecure-auth-without-state=true',
  '--debug',
  '--rate-limit-ip=0',
  '--audit-log=off',
];

function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [CLI, 'check', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('mcp-kubernetes check', () => {
  describe.skipIf(!existsSync(CLI))(`the built CLI (${CLI}; run npm run build first)`, () => {
    it('passes a secure configuration with exit status 0', () => {
      const { status, stdout } = cli(SECURE_FLAGS, SECURE_ENV);
      expect(stdout).toMatch(/^RESULT +CHECK +DETAIL/);
      expect(stdout).toMatch(/pass +https +TLS at a trusted proxy/);
      expect(stdout).toMatch(/0 failed, 0 warning\(s\), 12 passed, 0 skipped: ready for production/);
      expect(status).toBe(0);
    });

    it('fails an insecure configuration with exit status 1, naming each failed item', () => {
      const { status, stdout } = cli(INSECURE_FLAGS, { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' });
      for (const id of [
        'https',
        'public-registration',
        'state',
        'debug',
        'encryption-key',
        'rate-limits',
        'audit',
      ]) {
        expect(stdout).toMatch(new RegExp(`FAIL +${id} `));
      }
      expect(stdout).toMatch(/NOT ready for production/);
      expect(status).toBe(1);
    });

    it('fails the insecure downstream fallback', () => {
      const flags = [...SECURE_FLAGS, '--downstream-oauth', '--downstream-oauth-insecure-fallback'];
      const { status, stdout } = cli(flags, SECURE_ENV);
      expect(stdout).toMatch(/FAIL +downstream-fallback /);
      expect(status).toBe(1);
    });

    it('fails the conformance suite fixtures, over stdio too', () => {
      const secure = cli([...SECURE_FLAGS, '--conformance-fixtures'], SECURE_ENV);
      expect(secure.stdout).toMatch(/FAIL +conformance-fixtures +--conformance-fixtures serves test tools/);
      expect(secure.status).toBe(1);
      const stdio = cli(['--transport=stdio', '--conformance-fixtures'], {});
      expect(stdio.stdout).toMatch(/FAIL +conformance-fixtures /);
      expect(stdio.status).toBe(1);
    });

    it('reports as JSON with --output=json', () => {
      const { status, stdout } = cli([...SECURE_FLAGS, '--output=json', '--audit-log=off'], SECURE_ENV);
      const report = JSON.parse(stdout) as { ok: boolean; items: { id: string; status: string }[] };
      expect(report.ok).toBe(false);
      expect(report.items.find((item) => item.id === 'audit')).toMatchObject({ status: 'fail' });
      expect(status).toBe(1);
    });

    it('refuses invalid settings as serve does, with exit status 1', () => {
      const { status, stderr } = cli([...SECURE_FLAGS, '--allowed-origins=example.com'], SECURE_ENV);
      expect(stderr).toMatch(/--allowed-origins entry "example.com" is not an origin/);
      expect(status).toBe(1);
    });

    it('never prints the secrets it was given', () => {
      const { stdout, stderr } = cli([...SECURE_FLAGS, '--output=json'], SECURE_ENV);
      expect(stdout + stderr).not.toContain(STRONG_TOKEN);
      expect(stdout + stderr).not.toContain(ENCRYPTION_KEY);
    });
  });

  describe('runCheck', () => {
    it('returns 0 for a secure configuration and 1 for an insecure one', () => {
      const output: string[] = [];
      const write = (text: string) => output.push(text);
      const secure = {
        transport: 'streamable-http',
        enableOauth: true,
        oauthBaseUrl: 'https://mcp.example.com',
        tlsCertFile: undefined,
        trustedProxies: '10.0.0.0/8',
      };
      expect(runCheck(secure, SECURE_ENV, write)).toBe(0);
      expect(runCheck({ ...secure, debug: true }, SECURE_ENV, write)).toBe(1);
      expect(output[1]).toMatch(/FAIL +debug +--debug is on/);
    });
  });
});
