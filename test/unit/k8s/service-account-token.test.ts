import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceAccountToken } from '../../../src/k8s/service-account-token.js';

function tokenFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sa-token-')), 'token');
  writeFileSync(path, content);
  return path;
}

describe('serviceAccountToken', () => {
  it('reuses the token it read until the refresh interval has passed', async () => {
    let now = 0;
    const path = tokenFile('first\n');
    const token = serviceAccountToken(path, () => now, 60_000);
    expect(await token()).toBe('first');
    writeFileSync(path, 'second');
    now = 59_999;
    expect(await token()).toBe('first');
    now = 60_000;
    expect(await token()).toBe('second');
  });

  it('keeps the last good token when a re-read fails', async () => {
    let now = 0;
    const path = tokenFile('good');
    const token = serviceAccountToken(path, () => now, 1_000);
    await token();
    rmSync(path);
    now = 5_000;
    expect(await token()).toBe('good');
  });

  it('fails when the file was never readable', async () => {
    await expect(serviceAccountToken('/nonexistent/token', () => 0)()).rejects.toThrow(/ENOENT/);
  });
});
