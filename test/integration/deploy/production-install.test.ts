import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/version.js';

const run = promisify(execFile);
const NOBODY = 65534;

/** A way to run a command as an unprivileged user, or why there is none. */
async function asNobody(): Promise<{ prefix: string[] } | { reason: string }> {
  if (process.getuid?.() !== 0) return { reason: 'switching to a non-root user needs root' };
  try {
    await run('setpriv', ['--version']);
    return { prefix: ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] };
  } catch {
    return { reason: 'setpriv is not installed' };
  }
}

const nobody = await asNobody();
const workDir = mkdtempSync(join(tmpdir(), 'mcp-production-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.skipIf('reason' in nobody)(
  `the packed package, as the Docker runtime stage installs it ${
    'reason' in nobody ? `(${nobody.reason})` : ''
  }`,
  () => {
    let app = '';

    /** Runs the installed CLI as the unprivileged user, with no environment but PATH. */
    function runCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
      const command = 'prefix' in nobody ? nobody.prefix : [];
      const [program = '', ...rest] = [...command, join(app, 'dist', 'cli.js'), ...args];
      return run(program, rest, { cwd: app, env: { PATH: process.env.PATH ?? '' } });
    }

    beforeAll(async () => {
      if (!existsSync(resolve('dist/cli.js')))
        throw new Error('dist/cli.js is missing: run `npm run build` first');
      await run('npm', ['pack', '--silent', '--pack-destination', workDir]);
      const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
      if (!tarball) throw new Error('npm pack wrote no tarball');
      await run('tar', ['-xzf', join(workDir, tarball), '-C', workDir]);
      app = join(workDir, 'package');
      // The lock file pins every dependency, as in the Dockerfile. Install scripts are skipped here:
      // better-sqlite3 would compile for a minute, and neither --version nor check loads it.
      copyFileSync('package-lock.json', join(app, 'package-lock.json'));
      await run(
        'npm',
        ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
        { cwd: app },
      );
      chmodSync(workDir, 0o755);
    }, 180_000);

    it('installs with production dependencies only', () => {
      expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false);
      expect(existsSync(join(app, 'node_modules', 'prom-client'))).toBe(true);
    });

    it('answers --version as a non-root user', async () => {
      const { stdout } = await runCli(['--version']);
      expect(stdout.trim()).toBe(VERSION);
    });

    it('answers check as a non-root user: the checklist, and exit status 1 for a server without OAuth', async () => {
      const failed = await runCli(['check', '--transport=streamable-http']).then(
        () => undefined,
        (error: { code?: number; stdout?: string; stderr?: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toBe('');
      expect(failed?.stdout).toMatch(/^RESULT +CHECK +DETAIL\n/);
      expect(failed?.stdout).toMatch(/^FAIL +authentication +no --enable-oauth/m);
      expect(failed?.stdout).toContain('NOT ready for production');
    });
  },
);
