// How much of a call is the second process, and how much is the server: kubernetes_list calls
// against the floor (the same Table request from this process), a minimal relay
// (bench/lib/relay-server.ts) and our server, all with the minimal JSON-RPC client, in interleaved
// rounds: one call at a time, then 8 and 32 in flight. `--transport stdio` compares the stdio relay
// (on undici's request() and on our REST layer's exchange) with our stdio server; `--transport
// http` compares an HTTP relay (node:http, a bearer compared in constant time, plain JSON answers)
// with our streamable HTTP server behind its OAuth server, as section 1 runs it. Prints a table.
import { Pool } from 'undici';
import { type BenchCluster, startBenchCluster } from './lib/cluster.js';
import { floorRequest } from './lib/floor-request.js';
import { type JsonRpcSession, jsonRpcHttpSession, jsonRpcStdioSession } from './lib/json-rpc-clients.js';
import { markdownTable } from './lib/markdown.js';
import { OUR_CLI, ourStdioCommand, startOurHttpServer } from './lib/mcp-servers.js';
import { startOAuthSetup } from './lib/oauth-login.js';
import { benchOptions } from './lib/options.js';
import { startHttpRelay, startStdioRelay } from './lib/relays.js';
import { sessionsOnDemand } from './lib/sessions-on-demand.js';
import { fixed, interleaved, ratio, summarize } from './lib/stats.js';
import { measureThroughput, ThroughputSeries } from './lib/throughput.js';

const { values: options } = benchOptions({
  options: {
    pods: { type: 'string', default: '50' },
    calls: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '2' },
    transport: { type: 'string', default: 'stdio' },
  },
});
const PODS = Number(options.pods);
const CALLS = Number(options.calls);
const SECONDS = Number(options.seconds);
const CONCURRENCY = [8, 32] as const;
const LIST_ARGS = { resourceType: 'pods', namespace: 'load', limit: PODS };
if (options.transport !== 'stdio' && options.transport !== 'http') {
  throw new Error(`--transport must be stdio or http, not ${options.transport}`);
}

/** One way of listing the pods: callers for n clients at once, and the process whose CPU it costs. */
interface Subject {
  label: string;
  pid?: number;
  callers(concurrency: number): Promise<(() => Promise<unknown>)[]>;
  close(): Promise<void>;
}

const bench = await startBenchCluster(PODS);

/** A stdio server: one client, whose requests overlap. */
async function stdioSubject(label: string, session: JsonRpcSession): Promise<Subject> {
  const call = () => session.callTool('kubernetes_list', LIST_ARGS);
  return {
    label,
    pid: session.pid,
    callers: async (n) => Array.from({ length: n }, () => call),
    close: () => session.close(),
  };
}

/** An HTTP server: one MCP session per client, each opened by `open`. */
function httpSubject(
  label: string,
  pid: number,
  open: () => Promise<JsonRpcSession>,
  stop: () => Promise<void>,
): Subject {
  const sessions = sessionsOnDemand(open);
  return {
    label,
    pid,
    callers: async (n) =>
      (await sessions.first(n)).map((session) => () => session.callTool('kubernetes_list', LIST_ARGS)),
    async close() {
      await sessions.close();
      await stop();
    },
  };
}

async function stdioSubjects(cluster: BenchCluster): Promise<Subject[]> {
  return [
    await stdioSubject('stdio relay, undici request()', await startStdioRelay(cluster, PODS, 'request')),
    await stdioSubject(
      'stdio relay, our buffered exchange',
      await startStdioRelay(cluster, PODS, 'exchange'),
    ),
    await stdioSubject(
      'mcp-kubernetes over stdio',
      await jsonRpcStdioSession(ourStdioCommand(cluster.kubeconfigPath, OUR_CLI)),
    ),
  ];
}

async function httpSubjects(cluster: BenchCluster): Promise<Subject[]> {
  const oauth = await startOAuthSetup();
  const server = await startOurHttpServer(cluster.kubeconfigPath, {
    cli: OUR_CLI,
    httpAddr: oauth.httpAddr,
    args: oauth.serverArgs,
    env: oauth.serverEnv,
  });
  const token = await oauth.accessToken();
  const relay = await startHttpRelay(cluster, PODS, token);
  const endpoint = new URL(server.url);
  const pool = new Pool(endpoint.origin);
  return [
    httpSubject('HTTP relay, our buffered exchange', relay.pid, relay.session, relay.stop),
    httpSubject(
      'mcp-kubernetes over streamable HTTP + OAuth bearer',
      server.pid,
      () => jsonRpcHttpSession(pool, endpoint, server.pid, token),
      async () => {
        await pool.close();
        await server.stop();
        await oauth.stop();
      },
    ),
  ];
}

const floor = floorRequest(bench, PODS);
const subjects: Subject[] = [
  {
    label: 'direct request, our pooled client (floor)',
    callers: async (n) => Array.from({ length: n }, () => floor.call),
    close: () => floor.close(),
  },
  ...(options.transport === 'http' ? await httpSubjects(bench) : await stdioSubjects(bench)),
];
const latencies = new Map<Subject, number[]>(subjects.map((subject) => [subject, []]));
const throughput = new Map<Subject, Map<number, ThroughputSeries>>(
  subjects.map((subject) => [subject, new Map(CONCURRENCY.map((n) => [n, new ThroughputSeries()]))]),
);
try {
  await interleaved(Number(options.rounds), subjects, async (subject) => {
    const [callOnce] = await subject.callers(1);
    if (!callOnce) return;
    for (let call = 0; call < 20; call++) await callOnce();
    for (let call = 0; call < CALLS; call++) {
      const started = performance.now();
      await callOnce();
      latencies.get(subject)?.push(performance.now() - started);
    }
    for (const concurrency of CONCURRENCY) {
      const sample = await measureThroughput(await subject.callers(concurrency), SECONDS, subject.pid);
      throughput.get(subject)?.get(concurrency)?.add(sample);
    }
  });
} finally {
  for (const subject of subjects) await subject.close();
  await bench.stop();
}

const [floorSubject] = subjects as [Subject];
const floorMs = summarize(latencies.get(floorSubject) ?? []).median;
const rateOf = (subject: Subject, concurrency: number) =>
  throughput.get(subject)?.get(concurrency) as ThroughputSeries;
console.log(
  markdownTable(
    [
      `${PODS} pods, ${options.transport}`,
      'p50 ms',
      'p99 ms',
      'p50 vs floor',
      ...CONCURRENCY.flatMap((n) => [`calls/s @${n} (vs floor)`, `server CPU ms/call @${n}`]),
    ],
    subjects.map((subject) => {
      const summary = summarize(latencies.get(subject) ?? []);
      return [
        subject.label,
        fixed(summary.median, 3),
        fixed(summary.p99, 3),
        ratio(summary.median, floorMs),
        ...CONCURRENCY.flatMap((n) => {
          const series = rateOf(subject, n);
          const rate = `${fixed(series.medianRate, 0)} (${ratio(series.medianRate, rateOf(floorSubject, n).medianRate)})`;
          return [rate, Number.isNaN(series.cpuMsPerCall) ? '-' : fixed(series.cpuMsPerCall, 2)];
        }),
      ];
    }),
  ),
);
