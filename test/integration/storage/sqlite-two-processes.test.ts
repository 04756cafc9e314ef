import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/storage/sqlite/index.js';

const run = promisify(execFile);
const CODES = 300;
const PROCESSES = 3;
const USE_CODES = resolve('test/integration/storage/fixtures/use-codes.ts');

describe('SqliteStore shared by processes', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sqlite-processes-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the first use of each code to exactly one of several processes racing on one file', async () => {
    const path = join(folder, 'oauth.db');
    const store = new SqliteStore({ path });
    for (let i = 0; i < CODES; i += 1) await store.put('code', `code-${i}`, 'grant', 3_600_000);
    await store.close();

    // Started together after the slowest process has loaded, so that their calls interleave.
    const startAt = String(Date.now() + 8_000);
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, ['--import', 'tsx', USE_CODES, path, startAt, String(CODES)]),
      ),
    );
    const wins = outputs.map(({ stdout }) => JSON.parse(stdout) as string[]);
    const all = wins.flat();
    expect(all).toHaveLength(CODES);
    expect(new Set(all).size).toBe(CODES);
    // Each process won some: the race really happened (a serial run would give one process them all).
    expect(wins.filter((won) => won.length > 0).length).toBeGreaterThan(1);
  }, 45_000);
});
