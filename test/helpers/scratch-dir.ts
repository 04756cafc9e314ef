import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Vitest global setup: every test file, and every process a test starts, makes its temporary
// files (kubeconfigs, Helm homes, stores, browser profiles) under one folder of this run, which
// goes away with the run, whether or not each test cleaned up after itself.

export function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-kubernetes-tests-'));
  // Traversable like the system's own: a test runs the packed package as a non-root user from a
  // folder in here; each folder inside keeps its own (private) mode.
  chmodSync(dir, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
