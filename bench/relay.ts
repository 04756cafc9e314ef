// How much of a stdio call is the process hop, and how much is the server: sequential
// kubernetes_list calls against the floor (the same Table request from this process), a minimal
// stdio relay (bench/lib/stdio-relay.ts) on undici's request() and on our REST layer's exchange,
// and our server, all with the minimal JSON-RPC client, in interleaved rounds. Prints a table.
import { fileURLToPath } from 'node:url';
import { TABLE_ACCEPT } from '../src/tools/reading/list-tool.js';
import { startBenchCluster } from './lib/cluster.js';
import { floorRequest } from './lib/floor-request.js';
import { type JsonRpcSession, jsonRpcStdioSession } from './lib/json-rpc-clients.js';
import { markdownTable } from './lib/markdown.js';
import { OUR_CLI, ourStdioCommand } from './lib/mcp-servers.js';
import { benchOptions } from './lib/options.js';
import { fixed, interleaved, ratio, summarize } from './lib/stats.js';

const { values: options } = benchOptions({
  options: {
    pods: { type: 'string', default: '50' },
    calls: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '6' },
  },
});
const PODS = Number(options.pods);
const CALLS = Number(options.calls);
const RELAY = fileURLToPath(new URL('./lib/stdio-relay.ts', import.meta.url));

const bench = await startBenchCluster(PODS);
const relayTarget = JSON.stringify({
  url: bench.cluster.url,
  caCert: bench.cluster.caCert,
  token: bench.cluster.adminToken,
  path: `/api/v1/namespaces/load/pods?limit=${PODS}&includeObject=None`,
  accept: TABLE_ACCEPT,
});
const relay = (mode: string) =>
  jsonRpcStdioSession({
    name: `relay (${mode})`,
    command: process.execPath,
    args: ['--import', 'tsx', RELAY],
    env: { RELAY_TARGET: relayTarget, RELAY_MODE: mode },
  });

const floor = floorRequest(bench, PODS);
const servers: { label: string; session: JsonRpcSession }[] = [
  { label: 'stdio relay, undici request()', session: await relay('request') },
  { label: 'stdio relay, our buffered exchange', session: await relay('exchange') },
  {
    label: 'mcp-kubernetes over stdio',
    session: await jsonRpcStdioSession(ourStdioCommand(bench.kubeconfigPath, OUR_CLI)),
  },
];
const listArgs = { resourceType: 'pods', namespace: 'load', limit: PODS };
const paths: { label: string; call: () => Promise<unknown>; ms: number[] }[] = [
  { label: 'direct request, our pooled client (floor)', call: floor.call, ms: [] },
  ...servers.map(({ label, session }) => ({
    label,
    call: () => session.callTool('kubernetes_list', listArgs),
    ms: [],
  })),
];
try {
  await interleaved(Number(options.rounds), paths, async (path) => {
    for (let call = 0; call < 20; call++) await path.call();
    for (let call = 0; call < CALLS; call++) {
      const started = performance.now();
      await path.call();
      path.ms.push(performance.now() - started);
    }
  });
} finally {
  for (const { session } of servers) await session.close();
  await floor.close();
  await bench.stop();
}
const floorMs = summarize((paths[0] as (typeof paths)[number]).ms).median;
console.log(
  markdownTable(
    [`${PODS} pods, sequential`, 'p50 ms', 'p99 ms', 'p50 vs floor'],
    paths.map(({ label, ms }) => {
      const summary = summarize(ms);
      return [label, fixed(summary.median, 3), fixed(summary.p99, 3), ratio(summary.median, floorMs)];
    }),
  ),
);
