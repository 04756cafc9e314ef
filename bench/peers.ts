// Benchmark 2: our server and the peers side by side, in one run, on the same simulator (HTTPS,
// a kubeconfig file), through the same client (the MCP SDK's) over stdio.
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
import { benchOptions } from './lib/options.js';
import { installPeers, peerLabel } from './lib/peers.js';
import { cpuTimeMs, rssMiB } from './lib/process-usage.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { fixed, interleaved, ratio, summarize } from './lib/stats.js';
import { measureThroughput, ThroughputSeries } from './lib/throughput.js';

const { values: options } = benchOptions({
  options: {
    rounds: { type: 'string', default: '5' },
    calls: { type: 'string', default: '20' },
    starts: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
  },
});
const ROUNDS = Number(options.rounds);
const CALLS_PER_ROUND = Number(options.calls);
const STARTS = Number(options.starts);
const THROUGHPUT_SECONDS = Number(options.seconds);
const POD_COUNTS = [50, 500] as const;
const CONCURRENCY = [8, 32] as const;

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
  throughput: Map<number, ThroughputSeries>;
  /** Why a concurrent batch failed, by concurrency (that concurrency is then not measured further). */
  throughputFailed: Map<number, string>;
  rssAfterConcurrent: number;
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

/** `concurrency` calls in flight at once on the server's one stdio client, as section 1 drives ours. */
async function throughputRound(
  server: ConnectedServer,
  measured: Measured,
  pods: number,
  concurrency: number,
): Promise<void> {
  if (measured.failed || measured.throughputFailed.has(concurrency)) return;
  const call = listPodsCall(measured.contestant.kind, pods);
  const callOnce = () => callOk(server, call.name, call.args);
  const callers = Array.from({ length: concurrency }, () => callOnce);
  try {
    measured.throughput
      .get(concurrency)
      ?.add(await measureThroughput(callers, THROUGHPUT_SECONDS, server.pid));
  } catch (error) {
    measured.throughputFailed.set(concurrency, messageOf(error));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
        throughput: new Map(CONCURRENCY.map((concurrency) => [concurrency, new ThroughputSeries()])),
        throughputFailed: new Map(),
        rssAfterConcurrent: 0,
      });
      const call = listPodsCall(contestant.kind, pods);
      try {
        for (let i = 0; i < 5; i++) await callOk(server, call.name, call.args); // warm-up
      } catch (error) {
        (results.at(-1) as Measured).failed = messageOf(error);
      }
    }
    await interleaved(ROUNDS, results, async (measured) => {
      if (!measured.failed)
        await timeCalls(servers.get(measured.contestant) as ConnectedServer, measured, pods);
    });
    const serverOf = (measured: Measured) => servers.get(measured.contestant) as ConnectedServer;
    for (const measured of results) measured.rssAfter = rssMiB(serverOf(measured).pid);
    for (const concurrency of CONCURRENCY) {
      await interleaved(ROUNDS, results, (measured) =>
        throughputRound(serverOf(measured), measured, pods, concurrency),
      );
    }
    for (const measured of results) measured.rssAfterConcurrent = rssMiB(serverOf(measured).pid);
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

const shortName = (measured: Measured) => measured.contestant.label.split(' ')[0];
const failure = (message: string) => `fails: ${message.replaceAll('|', '/').slice(0, 160)}`;

function latencyTable(pods: number, results: Measured[]): string {
  const oursLatency = summarize((results[0] as Measured).latencies).median;
  const rows = results.map((measured) => {
    const latency = summarize(measured.latencies);
    const listing = measured.failed
      ? [failure(measured.failed), '-', '-', '-', '-']
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
  const header = [
    `${pods} pods`,
    'initialize p50 ms',
    'tools / tools/list bytes',
    'list p50 ms',
    'list p99 ms',
    'vs ours',
    'server CPU ms/call',
    'answer bytes',
    'RSS after calls MiB',
  ];
  return markdownTable(header, rows);
}

/** Why a server has no rate at this concurrency, or undefined when it has one. */
function throughputFailure(measured: Measured, concurrency: number): string | undefined {
  return measured.failed ?? measured.throughputFailed.get(concurrency);
}

function throughputTable(pods: number, results: Measured[]): string {
  const ours = results[0] as Measured;
  const rows = results.map((measured) => [
    measured.contestant.label,
    ...CONCURRENCY.flatMap((concurrency) => {
      if (measured.failed) return ['fails (the list call, above)', '-', '-'];
      const failed = measured.throughputFailed.get(concurrency);
      if (failed) return [failure(failed), '-', '-'];
      const series = measured.throughput.get(concurrency) as ThroughputSeries;
      const oursRate = ours.throughput.get(concurrency)?.medianRate ?? Number.NaN;
      return [fixed(series.medianRate, 1), ratio(series.medianRate, oursRate), fixed(series.cpuMsPerCall, 2)];
    }),
    measured.failed ? '-' : fixed(measured.rssAfterConcurrent),
  ]);
  const header = [
    `${pods} pods, concurrent`,
    ...CONCURRENCY.flatMap((c) => [`calls/s @${c}`, 'vs ours', `server CPU ms/call @${c}`]),
    'RSS after MiB',
  ];
  return markdownTable(header, rows);
}

/** One line per pod count for the latency target; `behind` collects where a peer was as fast. */
function latencyVerdict(pods: number, results: Measured[], behind: string[]): string {
  const oursLatency = summarize((results[0] as Measured).latencies).median;
  const peers = results.slice(1).map((measured) => {
    if (measured.failed) return `${shortName(measured)} fails`;
    const latency = summarize(measured.latencies).median;
    if (latency <= oursLatency) behind.push(`${pods} pods: ${shortName(measured)}`);
    return `${shortName(measured)} ${fixed(latency, 2)} ms`;
  });
  return `${pods} pods: ours ${fixed(oursLatency, 2)} ms; ${peers.join(', ')}`;
}

/** One line per pod count for the throughput target; `behind` collects where a peer was as fast. */
function throughputVerdict(pods: number, results: Measured[], behind: string[]): string {
  const rates = (measured: Measured) =>
    CONCURRENCY.map((concurrency) => {
      const failed = throughputFailure(measured, concurrency);
      return failed ? 'fails' : fixed(measured.throughput.get(concurrency)?.medianRate ?? Number.NaN, 1);
    }).join(' / ');
  const ours = results[0] as Measured;
  for (const concurrency of CONCURRENCY) {
    const oursRate = ours.throughput.get(concurrency)?.medianRate ?? Number.NaN;
    for (const measured of results.slice(1)) {
      if (throughputFailure(measured, concurrency)) continue;
      const rate = measured.throughput.get(concurrency)?.medianRate ?? Number.NaN;
      if (!(oursRate > rate)) behind.push(`${pods} pods @${concurrency}: ${shortName(measured)}`);
    }
  }
  const peers = results.slice(1).map((measured) => `${shortName(measured)} ${rates(measured)}`);
  return `${pods} pods: ours ${rates(ours)}; ${peers.join(', ')}`;
}

const tables: string[] = [];
const latencyLines: string[] = [];
const throughputLines: string[] = [];
const latencyBehind: string[] = [];
const throughputBehind: string[] = [];
for (const pods of POD_COUNTS) {
  const results = await benchmarkPods(pods, contestants);
  tables.push(latencyTable(pods, results), throughputTable(pods, results));
  latencyLines.push(latencyVerdict(pods, results, latencyBehind));
  throughputLines.push(throughputVerdict(pods, results, throughputBehind));
}
const allPeersRan = skipped.length === 0;
const verdict = (behind: string[]) => (!allPeersRan ? 'pending' : behind.length > 0 ? 'missed' : 'met');
const skippedNote = skipped.length > 0 ? `; ${skipped.join('; ')}` : '';
const targets: TargetVerdict[] = [
  {
    target: 'list latency better than both peers in the same run',
    status: verdict(latencyBehind),
    detail:
      latencyLines.join('; ') +
      (latencyBehind.length > 0 ? `; a peer was as fast: ${latencyBehind.join(', ')}` : '') +
      skippedNote,
  },
  {
    target: 'throughput better than both peers in the same run',
    status: verdict(throughputBehind),
    detail:
      `calls/s @${CONCURRENCY.join(' / @')} concurrent calls over stdio: ${throughputLines.join('; ')}` +
      (throughputBehind.length > 0 ? `; a peer was as fast: ${throughputBehind.join(', ')}` : '') +
      ' (a peer that fails serves nothing)' +
      skippedNote,
  },
];
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
      'Flux159 runs kubectl per call).',
    `Throughput: ${CONCURRENCY.join(' and ')} calls in flight at once on each server's one stdio client ` +
      '(JSON-RPC lets requests overlap; a stdio server has one client), each caller calling again as ' +
      `soon as its call answered, for ${THROUGHPUT_SECONDS} s; ${ROUNDS} interleaved rounds per ` +
      'concurrency, calls/s is the median of the rounds, server CPU per call is over all of them ' +
      '(with the children it waited for: Flux159 runs kubectl). "RSS after" is read after the last ' +
      'concurrent round.',
    ...skipped,
    ...tables,
  ].join('\n\n'),
  targets,
});
process.exit(0);
