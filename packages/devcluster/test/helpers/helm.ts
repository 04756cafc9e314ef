import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBinary } from './cli-binaries.js';
import { type ProcessResult, runProcess } from './run-process.js';

/** Longer than any `--timeout` the tests give Helm: past it the process is killed, a hang fails. */
const HELM_PROCESS_TIMEOUT_MS = 60_000;

/**
 * The real Helm 4 bound to one kubeconfig, with its own cache, config and data directories, and
 * the storage driver its releases are kept in (HELM_DRIVER: Secrets unless said otherwise).
 */
export class Helm {
  readonly kubeconfigPath: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(kubeconfig: string, options: { driver?: 'secret' | 'configmap' } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'helm-'));
    this.kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(this.kubeconfigPath, kubeconfig, { mode: 0o600 });
    const home = (name: string) => {
      const path = join(dir, name);
      mkdirSync(path);
      return path;
    };
    this.env = {
      PATH: process.env.PATH,
      HOME: dir,
      HELM_CACHE_HOME: home('cache'),
      HELM_CONFIG_HOME: home('config'),
      HELM_DATA_HOME: home('data'),
      ...(options.driver && { HELM_DRIVER: options.driver }),
    };
  }

  /** Runs helm to completion; never throws on a non-zero exit. */
  run(args: string[]): Promise<ProcessResult> {
    return runProcess(cliBinary('helm'), [`--kubeconfig=${this.kubeconfigPath}`, ...args], {
      env: this.env,
      timeoutMs: HELM_PROCESS_TIMEOUT_MS,
    });
  }

  /** Runs helm and fails the test with its stderr when it exits non-zero. */
  async ok(args: string[]): Promise<string> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`helm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  /** Runs helm with `-o json` and parses what it prints. */
  async json<T>(args: string[]): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as T;
  }
}
