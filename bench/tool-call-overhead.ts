// Benchmark 1: what one kubernetes_list call costs through our server (stdio, and streamable HTTP
// behind our OAuth server with a bearer token) against the floor, the same Kubernetes API request
// sent directly.
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';
import { TABLE_ACCEPT } from '../src/tools/reading/list-tool.js';
import { type BenchCluster, startBenchCluster } from './lib/cluster.js';
import { floorRequest } from './lib/floor-request.js';
import { type JsonRpcSession, jsonRpcHttpSession, jsonRpcStdioSession } from './lib/json-rpc-clients.js';
import { markdownTable } from './lib/markdown.js';
import {
  type ConnectedServer,
  callOk,
  connectHttp,
  connectStdio,
  OUR_CLI,
  ourStdioCommand,
  startOurHttpServer,
} from './lib/mcp-servers.js';
import { startOAuthSetup } from './lib/oauth-login.js';
import { benchOptions } from './lib/options.js';
import { cpuTimeMs } from './lib/process-usage.js';
import { startHttpRelay, startStdioRelay } from './lib/relays.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { sessionsOnDemand } from './lib/sessions-on-demand.js';
import { fixed, interleaved, ratio, summarize } from './lib/stats.js';
import { measureThroughput, ThroughputSeries } from './lib/throughput.js';

const { values: options } = benchOptions({
  options: {
    rounds: { type: 'string', default: '3' },
    calls: { type: 'string', default: '40' },
    seconds: { type: 'string', default: '2' },
    // Seconds of untimed calls (8 in flight) per subject before anything is measured: see WARM_UP.
    'warm-up': { type: 'string', default: '3' },
    // A build to compare with in the same run (its rows are added), e.g. a copy of dist/ from before a change.
    'baseline-cli': { type: 'string', default: process.env.BENCH_BASELINE_CLI },
  },
});
const ROUNDS = Number(options.rounds);
const CALLS_PER_ROUND = Number(options.calls);
const THROUGHPUT_SECONDS = Number(options.seconds);
/**
 * V8 optimizes a function only after it has run many times: a server (and the simulator, and the
 * floor's client) answers its first thousand calls or so in slower, partly interpreted code, and
 * after 10 calls a 50-pod call took 2-3x its steady time (bench/README.md, "Sixth round"). A server
 * serving traffic is warm, so every subject is warmed with this many seconds of concurrent calls
 * (thousands of calls) before its latency is measured; a fresh process's first call is measured
 * by startup.ts.
 */
const WARM_UP_SECONDS = Number(options['warm-up']);
const BASELINE_CLI = options['baseline-cli'];
const CONCURRENCY = [8, 32] as const;
const RAW_CLIENT = 'minimal JSON-RPC client';
const STDIO = 'mcp-kubernetes over stdio';
const HTTP = 'mcp-kubernetes over streamable HTTP + OAuth bearer';
const STDIO_RELAY = 'minimal relay over stdio (lib/relay-server.ts)';
const HTTP_RELAY = 'minimal relay over HTTP with a bearer check (lib/relay-server.ts)';
const POD_COUNTS = [50, 500] as const;

/** One way of listing the pods; `pid` is the server process whose CPU time is charged. */
interface Path {
  label: string;
  pid?: number;
  /** Callers for `concurrency` parallel clients; each returns one call. */
  callers(concurrency: number): Promise<(() => Promise<unknown>)[]>;
  latencies: number[];
  cpuMs: number;
  /** CPU time of this (the benchmark) process over the same calls: the client and the simulator. */
  benchCpuMs: number;
  cpuCalls: number;
  throughput: Map<number, ThroughputSeries>;
}

function path(label: string, callers: Path['callers'], pid?: number): Path {
  return {
    label,
    ...(pid !== undefined && { pid }),
    callers,
    latencies: [],
    cpuMs: 0,
    benchCpuMs: 0,
    cpuCalls: 0,
    throughput: new Map(CONCURRENCY.map((concurrency) => [concurrency, new ThroughputSeries()])),
  };
}

function repeat<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

async function floorPaths(
  bench: BenchCluster,
  pods: number,
): Promise<{ paths: Path[]; close(): Promise<void> }> {
  const floor = floorRequest(bench, pods);
  // The same request on a bare undici pool: what our REST layer itself adds.
  const pool = new Pool(bench.cluster.url, { connect: { ca: bench.cluster.caCert } });
  const headers = { authorization: `Bearer ${bench.cluster.adminToken}`, accept: TABLE_ACCEPT };
  const undiciCall = async () => {
    const response = await pool.request({
      path: `/api/v1/namespaces/load/pods?limit=${pods}&includeObject=None`,
      method: 'GET',
      headers,
    });
    return response.body.json();
  };
  return {
    paths: [
      path('direct request, bare undici pool', async (n) => repeat(n, () => undiciCall)),
      path('direct request, our pooled client (floor)', async (n) => repeat(n, () => floor.call)),
    ],
    async close() {
      await pool.close();
      await floor.close();
    },
  };
}

/**
 * The least any server in a process of its own can do, over each transport: read the request,
 * make the same Table request, answer the rows. What separates it from the floor is the second
 * process and the transport, not a server's work (bench/README.md, "Twelfth round").
 */
async function relayPaths(
  bench: BenchCluster,
  pods: number,
): Promise<{ paths: Path[]; close(): Promise<void> }> {
  const args = { resourceType: 'pods', namespace: 'load', limit: pods };
  const stdio = await startStdioRelay(bench, pods, 'exchange');
  const http = await startHttpRelay(bench, pods, randomBytes(32).toString('base64url'));
  const sessions = sessionsOnDemand(http.session);
  const httpCallers = async (n: number) =>
    (await sessions.first(n)).map((session) => () => session.callTool('kubernetes_list', args));
  return {
    paths: [
      path(
        STDIO_RELAY,
        async (n) => repeat(n, () => () => stdio.callTool('kubernetes_list', args)),
        stdio.pid,
      ),
      path(HTTP_RELAY, httpCallers, http.pid),
    ],
    async close() {
      await sessions.close();
      await http.stop();
      await stdio.close();
    },
  };
}

/** A build of our server: its CLI and what its rows' labels say after the path's name. */
interface Build {
  cli: string;
  suffix: string;
}

const THIS_BUILD: Build = { cli: OUR_CLI, suffix: '' };

async function serverPaths(bench: BenchCluster, pods: number, build: Build) {
  const args = { resourceType: 'pods', namespace: 'load', limit: pods };
  const call = (server: ConnectedServer) => () => callOk(server, 'kubernetes_list', args);
  const stdio = await connectStdio(ourStdioCommand(bench.kubeconfigPath, build.cli));
  const oauth = await startOAuthSetup();
  const http = await startOurHttpServer(bench.kubeconfigPath, {
    cli: build.cli,
    httpAddr: oauth.httpAddr,
    args: oauth.serverArgs,
    env: oauth.serverEnv,
  });
  const token = await oauth.accessToken();
  const sessions = sessionsOnDemand(() => connectHttp(http.url, http.pid, token));
  const httpCallers = async (n: number) => (await sessions.first(n)).map(call);
  // The same calls from clients that parse nothing but the JSON-RPC envelope: over HTTP, sessions
  // of their own on the same server (the batches take turns, so its CPU time is theirs alone).
  const rawCall = (session: JsonRpcSession) => () => session.callTool('kubernetes_list', args);
  const rawStdio = await jsonRpcStdioSession(ourStdioCommand(bench.kubeconfigPath, build.cli));
  const endpoint = new URL(http.url);
  const pool = new Pool(endpoint.origin);
  const rawSessions = sessionsOnDemand(() => jsonRpcHttpSession(pool, endpoint, http.pid, token));
  const rawHttpCallers = async (n: number) => (await rawSessions.first(n)).map(rawCall);
  return {
    paths: [
      // One stdio client is one server process: concurrency is requests in flight on it.
      path(`${STDIO}${build.suffix}`, async (n) => repeat(n, () => call(stdio)), stdio.pid),
      path(`${HTTP}${build.suffix}`, httpCallers, http.pid),
      path(
        `${STDIO}, ${RAW_CLIENT}${build.suffix}`,
        async (n) => repeat(n, () => rawCall(rawStdio)),
        rawStdio.pid,
      ),
      path(`${HTTP}, ${RAW_CLIENT}${build.suffix}`, rawHttpCallers, http.pid),
    ],
    async close() {
      await sessions.close();
      await rawSessions.close();
      await pool.close();
      await stdio.close();
      await rawStdio.close();
      await http.stop();
      await oauth.stop();
    },
  };
}

async function measureLatency(subject: Path): Promise<void> {
  const [callOnce] = await subject.callers(1);
  if (!callOnce) return;
  const cpuBefore = subject.pid ? cpuTimeMs(subject.pid) : 0;
  const benchCpuBefore = process.cpuUsage();
  for (let i = 0; i < CALLS_PER_ROUND; i++) {
    const start = performance.now();
    await callOnce();
    subject.latencies.push(performance.now() - start);
  }
  const benchCpu = process.cpuUsage(benchCpuBefore);
  subject.benchCpuMs += (benchCpu.user + benchCpu.system) / 1000;
  if (subject.pid) subject.cpuMs += cpuTimeMs(subject.pid) - cpuBefore;
  subject.cpuCalls += CALLS_PER_ROUND;
}

async function throughputRound(subject: Path, concurrency: number): Promise<void> {
  const sample = await measureThroughput(await subject.callers(concurrency), THROUGHPUT_SECONDS, subject.pid);
  subject.throughput.get(concurrency)?.add(sample);
}

/** Per path label: p50 and calls/s at each concurrency, as ratios to the floor. */
type Ratios = Map<string, { p50: number; throughput: Map<number, number> }>;

function report(pods: number, paths: Path[]): { table: string; ratios: Ratios } {
  const floor = paths.find((p) => p.label.includes('(floor)')) as Path;
  const floorLatency = summarize(floor.latencies).median;
  const ratios: Ratios = new Map();
  const rows = paths.map((subject) => {
    const latency = summarize(subject.latencies);
    const throughput = new Map(
      CONCURRENCY.map((c) => [
        c,
        (subject.throughput.get(c)?.medianRate ?? Number.NaN) /
          (floor.throughput.get(c)?.medianRate ?? Number.NaN),
      ]),
    );
    ratios.set(subject.label, { p50: latency.median / floorLatency, throughput });
    const cpuPerCall = subject.pid ? fixed(subject.cpuMs / subject.cpuCalls, 2) : '-';
    const benchCpuPerCall = fixed(subject.benchCpuMs / subject.cpuCalls, 2);
    const perConcurrency = CONCURRENCY.flatMap((c) => {
      const series = subject.throughput.get(c) as ThroughputSeries;
      const floorRate = floor.throughput.get(c)?.medianRate ?? Number.NaN;
      return [
        `${fixed(series.medianRate, 0)} (${ratio(series.medianRate, floorRate)})`,
        subject.pid ? fixed(series.cpuMsPerCall, 2) : '-',
      ];
    });
    return [
      subject.label,
      fixed(latency.median, 2),
      fixed(latency.p99, 2),
      ratio(latency.median, floorLatency),
      cpuPerCall,
      benchCpuPerCall,
      ...perConcurrency,
    ];
  });
  const header = [
    `${pods} pods`,
    'p50 ms',
    'p99 ms',
    'p50 vs floor',
    'server CPU ms/call (c=1)',
    'client + simulator CPU ms/call (c=1)',
    ...CONCURRENCY.flatMap((c) => [`calls/s @${c} (vs floor)`, `server CPU ms/call @${c}`]),
  ];
  return { table: markdownTable(header, rows), ratios };
}

async function benchmarkPods(pods: number) {
  const bench = await startBenchCluster(pods);
  const floor = await floorPaths(bench, pods);
  const relays = await relayPaths(bench, pods);
  const builds = [THIS_BUILD, ...(BASELINE_CLI ? [{ cli: BASELINE_CLI, suffix: ' (baseline build)' }] : [])];
  const servers = [];
  for (const build of builds) servers.push(await serverPaths(bench, pods, build));
  const paths = [...floor.paths, ...relays.paths, ...servers.flatMap((server) => server.paths)];
  try {
    // Warm-up: connections and discovery, then the JIT (WARM_UP_SECONDS).
    for (const subject of paths) {
      const [callOnce] = await subject.callers(1);
      for (let i = 0; i < 10; i++) await callOnce?.();
      await measureThroughput(await subject.callers(8), WARM_UP_SECONDS);
    }
    await interleaved(ROUNDS, paths, measureLatency);
    for (const concurrency of CONCURRENCY) {
      await interleaved(ROUNDS, paths, (subject) => throughputRound(subject, concurrency));
    }
    return report(pods, paths);
  } finally {
    for (const server of servers) await server.close();
    await relays.close();
    await floor.close();
    await bench.stop();
  }
}

const tables: string[] = [];
const measured = new Map<number, Ratios>();
for (const pods of POD_COUNTS) {
  const { table, ratios } = await benchmarkPods(pods);
  tables.push(table);
  measured.set(pods, ratios);
}

/** One path's ratios at every pod count, e.g. "50 pods 1.21x, 500 pods 1.05x". */
function figures(label: string, pick: (ratios: { p50: number; throughput: Map<number, number> }) => number) {
  const values = POD_COUNTS.map((pods) => {
    const entry = measured.get(pods)?.get(label);
    return { pods, value: entry ? pick(entry) : Number.NaN };
  });
  return {
    values,
    text: values.map(({ pods, value }) => `${pods} pods ${value.toFixed(2)}x`).join(', '),
  };
}

// Issue 19's targets: p50 within 1.5x of the floor over both transports, and HTTP throughput at
// 0.8x of the floor's or better. They are judged with the minimal client, which like the floor's
// pooled client adds next to nothing of its own; the SDK client's figures stand beside them.
const verdicts: TargetVerdict[] = [];
for (const [transport, label] of [
  ['stdio', STDIO],
  ['streamable HTTP + OAuth bearer', HTTP],
] as const) {
  const lean = figures(`${label}, ${RAW_CLIENT}`, (ratios) => ratios.p50);
  const sdk = figures(label, (ratios) => ratios.p50);
  const relay = figures(transport === 'stdio' ? STDIO_RELAY : HTTP_RELAY, (ratios) => ratios.p50);
  verdicts.push({
    target: `${transport}: median list call <= 1.5x the direct API request (50 and 500 pods)`,
    status: lean.values.every(({ value }) => value <= 1.5) ? 'met' : 'missed',
    detail:
      `p50 vs floor, ${RAW_CLIENT}: ${lean.text}; MCP SDK client: ${sdk.text}; a minimal relay, which ` +
      `does nothing but forward, in the same run: ${relay.text}; see bench/README.md, ` +
      '"Tool-call overhead", "Where the time goes" and "Twelfth round"',
  });
}
for (const concurrency of CONCURRENCY) {
  const pick = (ratios: { throughput: Map<number, number> }) =>
    ratios.throughput.get(concurrency) ?? Number.NaN;
  const lean = figures(`${HTTP}, ${RAW_CLIENT}`, pick);
  const sdk = figures(HTTP, pick);
  const relay = figures(HTTP_RELAY, pick);
  verdicts.push({
    target: `streamable HTTP + OAuth bearer: calls/s with ${concurrency} clients >= 0.8x the floor's`,
    status: lean.values.every(({ value }) => value >= 0.8) ? 'met' : 'missed',
    detail:
      `calls/s vs floor @${concurrency}, ${RAW_CLIENT}: ${lean.text}; MCP SDK client: ${sdk.text}; ` +
      `the minimal HTTP relay: ${relay.text}`,
  });
}
writeSection({
  name: 'tool-call-overhead',
  title: '1. Tool-call overhead: kubernetes_list of pods',
  body: [
    `\`kubernetes_list\` of namespace \`load\` with \`limit\` = the pod count (one page, table output), ` +
      'through the MCP SDK client and through a minimal JSON-RPC client (bench/lib/json-rpc-clients.ts: ' +
      'it writes the request and parses the answer, nothing else), against the direct Kubernetes API ' +
      'request the tool makes (the same Table request, with our pooled REST client: the floor; a bare ' +
      'undici pool beside it). The targets are judged with the minimal client, which like the ' +
      "floor's client adds next to nothing of its own. " +
      `Latency: ${ROUNDS} interleaved rounds of ${CALLS_PER_ROUND} sequential calls, after 10 ` +
      `sequential calls and ${WARM_UP_SECONDS} s of calls 8 at a time per subject (thousands of calls: ` +
      'V8 optimizes code only once it has run many times, and a server in use is warm; a fresh ' +
      "process's first call is in section 6). " +
      `Throughput: ${ROUNDS} rounds of ${THROUGHPUT_SECONDS} s per concurrency, median of the ` +
      'rounds; over stdio the concurrent callers share the one client (a stdio server has one client), ' +
      'over HTTP each is its own MCP session. Server CPU: user+system time of the server process from ' +
      '/proc/PID/stat (10 ms ticks, all its threads: V8 collects garbage and compiles on threads of its ' +
      'own) over the whole batch, divided by its calls; client + simulator CPU: the same for the ' +
      'benchmark process, which runs the client and the simulator (`process.cpuUsage()`). All servers run with the ' +
      'client rate limit raised (`--qps-limit 10000`) and, over HTTP, the per-IP and per-user request ' +
      'limits off (`--rate-limit-ip 0 --rate-limit-user 0`); the simulator serves HTTPS in the ' +
      'benchmark process.',
    'Over HTTP the server runs with its OAuth server on (`--enable-oauth --oauth-provider oidc`, the ' +
      'development OpenID provider of packages/devidp as the upstream, in the benchmark process). The ' +
      "benchmark registers a client, approves, signs in at the provider's login form and exchanges the " +
      'code with PKCE, as an MCP client does; every HTTP request carries the access token it got ' +
      '(`Authorization: Bearer`), so each call includes validating it. Its cost alone is in section 3.',
    'The two minimal relays (bench/lib/relay-server.ts, run with the minimal client) are the least any ' +
      'server in a process of its own can do: read the JSON-RPC request, make the same Table request, ' +
      'answer the rows as text, with no validation, rendering or security layer; the HTTP one is a ' +
      '`node:http` handler that checks a bearer token in constant time and answers plain JSON. What ' +
      "separates them from the floor is the second process and the transport, not a server's work.",
    ...(BASELINE_CLI
      ? [`Rows marked "(baseline build)" run \`${BASELINE_CLI}\` in the same rounds, for a before/after.`]
      : []),
    ...tables,
  ].join('\n\n'),
  targets: verdicts,
});
process.exit(0);
