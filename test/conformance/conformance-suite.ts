import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Runs the official MCP conformance suite's CLI (the pinned npm package) and reads the checks it
// writes, one checks.json per scenario, into a directory of its own.

const SUITE = resolve('node_modules/@modelcontextprotocol/conformance/dist/index.js');
/** Gives the suite's bundle the `fs.globSync` of Node 22 when it runs on Node 20. */
const NODE20_FS = resolve('test/conformance/node20-fs-register.mjs');

export type CheckStatus = 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';

export interface Check {
  id: string;
  status: CheckStatus;
  errorMessage?: string;
}

export interface SuiteResults {
  exitCode: number | null;
  output: string;
  /** Each scenario the suite ran, with its checks. */
  scenarios: Map<string, Check[]>;
}

export interface RunningSuite {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the suite's output. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  finished: Promise<SuiteResults>;
}

/** `server-<scenario>-<time>` or `authorization-server-<scenario>-<time>`, as the suite names them. */
const RESULT_DIRECTORY = /^(?:server|authorization-server)-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/;

/** A scenario the suite could not run leaves a directory without checks.json (the reason is in its output). */
async function readChecks(file: string): Promise<Check[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Check[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return [
      { id: 'checks-written', status: 'FAILURE', errorMessage: 'the suite failed to run the scenario' },
    ];
  }
}

async function readResults(directory: string): Promise<Map<string, Check[]>> {
  const scenarios = new Map<string, Check[]>();
  for (const entry of await readdir(directory)) {
    const scenario = RESULT_DIRECTORY.exec(entry)?.[1];
    if (scenario === undefined) continue;
    scenarios.set(scenario, await readChecks(join(directory, entry, 'checks.json')));
  }
  return scenarios;
}

/** Starts `conformance <args>`; its results are read, and their directory removed, when it exits. */
export async function startSuite(args: string[]): Promise<RunningSuite> {
  const directory = await mkdtemp(join(tmpdir(), 'mcp-conformance-'));
  const child = spawn(process.execPath, ['--import', NODE20_FS, SUITE, ...args, '--output-dir', directory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
  const finished = exited.then(async (exitCode) => {
    const scenarios = await readResults(directory);
    await rm(directory, { recursive: true, force: true });
    return { exitCode, output, scenarios };
  });
  return {
    child,
    output: () => output,
    finished,
    waitFor(pattern) {
      return new Promise((resolveMatch, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          listeners.delete(check);
          resolveMatch(match);
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          if (!listeners.delete(check)) return;
          reject(new Error(`the suite exited before printing ${pattern}; output:\n${output}`));
        });
      });
    },
  };
}

/** The checks of a scenario that ended with `status`, each as `check id: why`. */
export function checksWith(status: CheckStatus, checks: readonly Check[]): string[] {
  return checks
    .filter((check) => check.status === status)
    .map((check) => `${check.id}: ${check.errorMessage ?? '(no message)'}`);
}

/** The failed checks of a scenario, each as `check id: why`. */
export function failedChecks(checks: readonly Check[]): string[] {
  return checksWith('FAILURE', checks);
}
