import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
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
    it('installs with production dependencies only and answers --version as a non-root user', async () => {
      if (!existsSync(resolve('dist/cli.js')))
        throw new Error('dist/cli.js is missing: run `npm run build` first');
      await run('npm', ['pack', '--silent', '--pack-destination', workDir]);
      const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
      if (!tarball) throw new Error('npm pack wrote no tarball');
      await run('tar', ['-xzf', join(workDir, tarball), '-C', workDir]);
      const app = join(workDir, 'package');
      // The lock file pins every dependency, as in the Dockerfile. Install scripts are skipped here:
      // better-sqlite3 would compile for a minute, and --version never loads it.
      copyFileSync('package-lock.json', join(app, 'package-lock.json'));
      await run(
        'npm',
        ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
        { cwd: app },
      );
      expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false);
      expect(existsSync(join(app, 'node_modules', 'prom-client'))).toBe(true);
      chmodSync(workDir, 0o755);
      const command = 'prefix' in nobody ? nobody.prefix : [];
      const [program = '', ...args] = [...command, join(app, 'dist', 'cli.js'), '--version'];
      const { stdout } = await run(program, args, { cwd: app, env: { PATH: process.env.PATH ?? '' } });
      expect(stdout.trim()).toBe(VERSION);
    }, 180_000);
  },
);
