import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, startCli } from '../helpers/cli-process.js';
import { checksWith, failedChecks, type SuiteResults, startSuite } from './conformance-suite.js';
import { effectiveExpectation, REVISIONS, type Revision, SERVER_SCENARIOS } from './server-scenarios.js';
import { writeUnreachableKubeconfig } from './unreachable-cluster.js';

// The official MCP conformance suite's server scenarios against `mcp-kubernetes serve` over
// streamable HTTP, with the suite's fixtures (--conformance-fixtures). Each scenario is a test of its
// own, named in the output with the checks that failed.

let directory: string;
let server: CliProcess;
const runs = new Map<Revision, Promise<SuiteResults>>();

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'conformance-serve-'));
  const kubeconfig = await writeUnreachableKubeconfig(directory);
  server = startCli([
    'serve',
    '--transport=streamable-http',
    '--http-addr=127.0.0.1:0',
    `--kubeconfig=${kubeconfig}`,
    '--conformance-fixtures',
    // The suite sends many requests from one IP in a few seconds.
    '--rate-limit-ip=0',
    '--metrics-enabled=false',
    '--audit-log=off',
  ]);
  const [, url = ''] = await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/);
  // Both revisions at once: each run spends most of its time waiting on the scenarios' pauses.
  for (const revision of REVISIONS) {
    const suite = await startSuite(['server', '--url', url, '--requirements', revision]);
    runs.set(revision, suite.finished);
  }
}, 60_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited();
  await rm(directory, { recursive: true, force: true });
});

async function resultsOf(revision: Revision): Promise<SuiteResults> {
  const run = runs.get(revision);
  if (!run) throw new Error(`the suite was not started for ${revision}`);
  return run;
}

it('says in its log that it serves the fixtures', () => {
  expect(server.output()).toContain('--conformance-fixtures');
});

describe.each(REVISIONS)('conformance suite, protocol revision %s', (revision) => {
  const scenarios = Object.entries(SERVER_SCENARIOS[revision]);

  it('ran exactly the scenarios listed in server-scenarios.ts', { timeout: 120_000 }, async () => {
    const results = await resultsOf(revision);
    expect(results.scenarios.size, results.output).toBeGreaterThan(0);
    expect([...results.scenarios.keys()].sort()).toEqual(scenarios.map(([scenario]) => scenario).sort());
    const applicable = scenarios.filter(([, expectation]) => typeof expectation !== 'object');
    const passing = applicable.filter(
      ([scenario]) => failedChecks(results.scenarios.get(scenario) ?? []).length === 0,
    );
    console.info(
      `conformance ${revision}: ${passing.length} of ${applicable.length} applicable scenarios pass`,
    );
  });

  for (const [scenario, listed] of scenarios) {
    const expectation = effectiveExpectation(listed);
    if (typeof expectation === 'object') {
      it.skip(`${scenario}: not applicable, ${expectation.notApplicable}`, () => {});
      continue;
    }
    const test = expectation === 'passes' ? it : it.fails;
    const title =
      expectation === 'passes' ? `${scenario} passes` : `${scenario} fails until 2026-07-28 is served`;
    test(title, { timeout: 120_000 }, async () => {
      const checks = (await resultsOf(revision)).scenarios.get(scenario);
      expect(checks, `${scenario} did not run`).toBeDefined();
      expect(failedChecks(checks ?? []), `failed checks of ${scenario}`).toEqual([]);
      for (const warning of checksWith('WARNING', checks ?? []))
        console.info(`${scenario}: warning ${warning}`);
    });
  }
});
