// Benchmark 2: our server and the peers side by side, in one run, on the same simulator (HTTPS,
// a kubeconfig file), through the same client (the MCP SDK's) over stdio.
import { parseArgs } from 'node:util';
import { startBenchCluster } from './lib/cluster.js';
import { listPodsCall, type ServerKind } from './lib/list-calls.js';
import { markdownTable } from './lib/markdown.js';
import {
  type ConnectedServer,
  callOk,
  connectStdio,
  ourStdioCommand,
  type ServerCommand,
} from './lib/mcp-servers.js';
import { installPeers, peerLabel } from './lib/peers.js';
import { cpuTimeMs, rssMiB } from './lib/process-usage.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { fixed, interleaved, ratio, summarize } from './lib/stats.js';

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    calls: { type: 'string', default: '20' },
    starts: { type: 'string', default: '5' },
  },
});
const ROUNDS = Number(options.rounds);
const CALLS_PER_ROUND = Number(options.calls);
const STARTS = Number(options.starts);
const POD_COUNTS = [50, 500] as const;

interface Contestant {
  label: string;
  kind: ServerKind;
  command: (kubeconfigPath: string) => ServerCommand;
}

interface Measured {
  contestant: Contestant;
  initializeMs: number[];
  toolsListBytes: number;
  toolCount: number;
  latencies: number[];
  cpuMs: number;
  calls: number;
  answerBytes: number;
  rssAfter: number;
  /** Why this server could not answer the list call at all (it is then not timed). */
  failed?: string;
}

/** Spawn to initialize answered (the SDK client's connect), several times. */
async function initializeTimes(contestant: Contestant, kubeconfigPath: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const start = performance.now();
    const server = await connectStdio(contestant.command(kubeconfigPath));
    times.push(performance.now() - start);
    await server.close();
  }
  return times;
}

async function timeCalls(server: ConnectedServer, measured: Measured, limit: number): Promise<void> {
  const call = listPodsCall(measured.contestant.kind, limit);
  const cpuBefore = cpuTimeMs(server.pid);
  for (let i = 0; i < CALLS_PER_ROUND; i++) {
    const start = performance.now();
    const text = await callOk(server, call.name, call.args);
    measured.latencies.push(performance.now() - start);
    measured.answerBytes = Buffer.byteLength(text);
  }
  measured.cpuMs += cpuTimeMs(server.pid) - cpuBefore;
  measured.calls += CALLS_PER_ROUND;
}

async function benchmarkPods(pods: number, contestants: Contestant[]): Promise<Measured[]> {
  const bench = await startBenchCluster(pods);
  const servers = new Map<Contestant, ConnectedServer>();
  try {
    const results: Measured[] = [];
    for (const contestant of contestants) {
      const initializeMs = await initializeTimes(contestant, bench.kubeconfigPath);
      const server = await connectStdio(contestant.command(bench.kubeconfigPath));
      servers.set(contestant, server);
      const tools = await server.client.listTools();
      results.push({
        contestant,
        initializeMs,
        toolsListBytes: Buffer.byteLength(JSON.stringify(tools)),
        toolCount: tools.tools.length,
        latencies: [],
        cpuMs: 0,
        calls: 0,
        answerBytes: 0,
        rssAfter: 0,
      });
      const call = listPodsCall(contestant.kind, pods);
      try {
        for (let i = 0; i < 5; i++) await callOk(server, call.name, call.args); // warm-up
      } catch (error) {
        (results.at(-1) as Measured).failed = error instanceof Error ? error.message : String(error);
      }
    }
    await interleaved(ROUNDS, results, async (measured) => {
      if (!measured.failed)
        await timeCalls(servers.get(measured.contestant) as ConnectedServer, measured, pods);
    });
    for (const measured of results) {
      measured.rssAfter = rssMiB((servers.get(measured.contestant) as ConnectedServer).pid);
    }
    return results;
  } finally {
    for (const server of servers.values()) await server.close();
    await bench.stop();
  }
}

const contestants: Contestant[] = [
  { label: 'mcp-kubernetes (ours)', kind: 'ours', command: (path) => ourStdioCommand(path) },
];
const skipped: string[] = [];
for (const peer of await installPeers()) {
  if ('skipped' in peer) skipped.push(`${peer.peer.label}: **skipped** (${peer.skipped})`);
  else contestants.push({ label: peerLabel(peer), kind: peer.peer.name, command: peer.command });
}

const tables: string[] = [];
const targets: TargetVerdict[] = [];
const fasterThanAll: string[] = [];
for (const pods of POD_COUNTS) {
  const results = await benchmarkPods(pods, contestants);
  const ours = results[0] as Measured;
  const oursLatency = summarize(ours.latencies).median;
  const rows = results.map((measured) => {
    const latency = summarize(measured.latencies);
    const listing = measured.failed
      ? [`fails: ${measured.failed.replaceAll('|', '/').slice(0, 160)}`, '-', '-', '-', '-']
      : [
          fixed(latency.median, 2),
          fixed(latency.p99, 2),
          ratio(latency.median, oursLatency),
          fixed(measured.cpuMs / measured.calls, 2),
          String(measured.answerBytes),
        ];
    return [
      measured.contestant.label,
      fixed(summarize(measured.initializeMs).median),
      `${measured.toolCount} / ${measured.toolsListBytes}`,
      ...listing,
      fixed(measured.rssAfter),
    ];
  });
  tables.push(
    markdownTable(
      [
        `${pods} pods`,
        'initialize p50 ms',
        'tools / tools/list bytes',
        'list p50 ms',
        'list p99 ms',
        'vs ours',
        'server CPU ms/call',
        'answer bytes',
        'RSS after calls MiB',
      ],
      rows,
    ),
  );
  const slower = results.slice(1).filter((m) => !m.failed && summarize(m.latencies).median <= oursLatency);
  fasterThanAll.push(
    `${pods} pods: ours ${fixed(oursLatency, 2)} ms; ` +
      results
        .slice(1)
        .map(
          (m) =>
            `${m.contestant.label.split(' ')[0]} ${m.failed ? 'fails' : `${fixed(summarize(m.latencies).median, 2)} ms`}`,
        )
        .join(', ') +
      (slower.length > 0 ? ' (a peer was faster)' : ''),
  );
}
const peersMeasured = contestants.length - 1;
targets.push({
  target: 'list latency better than both peers in the same run',
  status:
    peersMeasured < 2 ? 'pending' : fasterThanAll.some((line) => line.includes('faster')) ? 'missed' : 'met',
  detail: fasterThanAll.join('; ') + (skipped.length > 0 ? `; ${skipped.join('; ')}` : ''),
});
targets.push({
  target: 'throughput better than both peers in the same run',
  status: 'pending',
  detail:
    'ours is measured at 8 and 32 concurrent clients in section 1; the peers are not yet driven ' +
    'concurrently (stdio peers serve one client each)',
});
writeSection({
  name: 'peers',
  title: '2. Peers side by side (stdio, same simulator, same client, same run)',
  body: [
    'Each server is started over stdio by the MCP SDK client against the same HTTPS simulator and ' +
      'kubeconfig file. "initialize" is spawn to initialize answered (the client\'s connect), ' +
      `median of ${STARTS} starts. The list call asks each for every pod of namespace load in its own ` +
      'tool (ours: `kubernetes_list` with limit = pod count, table output; Go: `pods_list_in_namespace`, ' +
      'its default table; Flux159: `kubectl_get` pods, its default JSON summary), ' +
      `${ROUNDS} interleaved rounds of ${CALLS_PER_ROUND} calls after 5 warm-up calls. Client rate limits ` +
      'are raised for all (ours `--qps-limit 10000`, Go `KUBE_CLIENT_QPS=10000 KUBE_CLIENT_BURST=100000`; ' +
      'Flux159 runs kubectl per call). Throughput at 8/32 concurrent clients is measured for our ' +
      'server in section 1; the peers were not driven concurrently.',
    ...skipped,
    ...tables,
  ].join('\n\n'),
  targets,
});
process.exit(0);
