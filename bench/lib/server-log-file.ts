import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A file for a server's log (its stderr), as a deployment sends logs to a file or a collector. A pipe
 * read by the benchmark would wake the benchmark process, which also runs the client and the
 * simulator, for every access-log line: a cost of the measurement, not of the server, which still
 * formats and writes every line.
 */
export interface ServerLogFile {
  /** The descriptor to hand to the child as its stderr. */
  fd: number;
  /** Polls the log until `find` returns a value; fails after `timeoutMs` or when `exited` settles first. */
  waitFor<T>(find: (text: string) => T | undefined, timeoutMs: number, exited: Promise<unknown>): Promise<T>;
  remove(): void;
}

const POLL_MS = 25;

export function openServerLogFile(): ServerLogFile {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-log-'));
  const path = join(dir, 'server.log');
  const fd = openSync(path, 'w');
  const text = () => readFileSync(path, 'utf8');
  return {
    fd,
    async waitFor(find, timeoutMs, exited) {
      let gone = false;
      void exited.then(() => {
        gone = true;
      });
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = find(text());
        if (found !== undefined) return found;
        if (gone) throw new Error(`the server exited:\n${text()}`);
        if (performance.now() > deadline) throw new Error(`the server did not start:\n${text()}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    remove() {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
