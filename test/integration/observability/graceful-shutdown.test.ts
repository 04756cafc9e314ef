import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../../helpers/cli-process.js';
import {
  call,
  connectStreamableHttp,
  kubeconfigYaml,
  type TempFiles,
  teamContexts,
  tempFiles,
} from '../mcp/mcp-fixtures.js';

let devcluster: DevCluster;
let files: TempFiles;

beforeAll(async () => {
  devcluster = await startDevCluster({ seed: 'default' });
  files = tempFiles();
});

afterAll(async () => {
  await devcluster.stop();
  files.remove();
});

const IN_FLIGHT_CALLS = 20;

async function runningWebPod(): Promise<string> {
  const response = await fetch(`${devcluster.url}/api/v1/namespaces/team-a/pods?labelSelector=app%3Dweb`, {
    headers: { authorization: `Bearer ${devcluster.adminToken}` },
  });
  const pods = (await response.json()) as { items: { metadata: { name: string } }[] };
  const name = pods.items[0]?.metadata.name;
  if (!name) throw new Error('the seed has no web pod');
  return name;
}

async function requestsInFlight(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return Number(text.match(/^mcp_kubernetes_http_requests_in_flight (\d+)/m)?.[1] ?? 0);
}

describe('SIGTERM to mcp-kubernetes serve', () => {
  it('lets 20 running tool calls answer, then exits 0', async () => {
    const kubeconfig = files.write('kubeconfig', kubeconfigYaml(teamContexts(devcluster), 'team-a'));
    const cli = startCli([
      'serve',
      '--transport=streamable-http',
      '--http-addr=127.0.0.1:0',
      '--metrics-addr=127.0.0.1:0',
      `--kubeconfig=${kubeconfig}`,
      '--non-destructive=false',
      '--shutdown-delay=0',
      '--shutdown-timeout=20s',
      // 20 calls at once from one address: this test is about shutdown, not the per-IP limit.
      '--rate-limit-ip=0',
      '--audit-log=off',
    ]);
    const [, url] = await cli.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/);
    const [, metricsUrl] = await cli.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/);
    const client = await connectStreamableHttp(String(url));
    const pod = await runningWebPod();

    // `sleep 3` in the simulator's pod: each call is still running when SIGTERM arrives, which
    // is sent once the server counts every call as a running request (a fixed wait was flaky on a
    // loaded machine: calls not yet arrived were refused as the listener closed).
    const started = Date.now();
    const calls = Array.from({ length: IN_FLIGHT_CALLS }, (_, index) =>
      call(client, 'kubernetes_exec', {
        namespace: 'team-a',
        name: pod,
        command: ['sh', '-c', `sleep 3; echo answer-${index}`],
      }),
    );
    await expect
      .poll(() => requestsInFlight(String(metricsUrl)), { timeout: 2500, interval: 50 })
      .toBeGreaterThanOrEqual(IN_FLIGHT_CALLS);
    cli.child.kill('SIGTERM');

    const answers = await Promise.all(calls);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    answers.forEach((answer, index) => {
      expect(answer.isError).toBe(false);
      expect(answer.text).toContain(`answer-${index}`);
    });
    expect(await cli.exited()).toBe(0);
    // Each call is counted twice as running work: its HTTP request and its tool call.
    const finished = cli.output().match(/"finished":(\d+).*running requests finished/)?.[1];
    expect(Number(finished)).toBeGreaterThanOrEqual(IN_FLIGHT_CALLS);
  }, 30_000);
});
