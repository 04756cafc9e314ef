import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/storage/sqlite/index.js';

const CODES = 300;
const PROCESSES = 3;
const USE_CODES = resolve('test/integration/storage/fixtures/use-codes.ts');

interface Racer {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<RaceResult>;
}

interface RaceResult {
  won: string[];
  startedAt: number;
  endedAt: number;
}

function startRacer(path: string): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', USE_CODES, path, String(CODES)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('ready\n')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`a racing process exited with ${code} before it was ready`)),
    );
  });
  const result = new Promise<RaceResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(output.slice('ready\n'.length)) as RaceResult);
      else reject(new Error(`a racing process exited with ${code}`));
    });
  });
  return { child, ready, result };
}

describe('SqliteStore shared by processes', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sqlite-processes-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the first use of each code to exactly one of several processes racing on one file', async () => {
    const path = join(folder, 'oauth.db');
    const store = new SqliteStore({ path });
    for (let i = 0; i < CODES; i += 1) await store.put('code', `code-${i}`, 'grant', 3_600_000);
    await store.close();

    // Released together once the slowest process has loaded, so that their calls interleave.
    const racers = Array.from({ length: PROCESSES }, () => startRacer(path));
    await Promise.all(racers.map((racer) => racer.ready));
    for (const racer of racers) racer.child.stdin?.write('go\n');
    const results = await Promise.all(racers.map((racer) => racer.result));
    const wins = results.map((result) => result.won);
    const all = wins.flat();
    expect(all).toHaveLength(CODES);
    expect(new Set(all).size).toBe(CODES);
    // The race really happened: another process was already trying while the first one still ran.
    // (Who wins how many is up to SQLite's unfair lock and the scheduler, so it is not asserted.)
    const [first, ...others] = [...results].sort((a, b) => a.startedAt - b.startedAt);
    expect(others.some((other) => other.startedAt < (first?.endedAt ?? 0))).toBe(true);
  }, 45_000);
});
