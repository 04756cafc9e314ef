// Benchmark 7: a soak. 200 MCP sessions over streamable HTTP, behind our OAuth server with
// --downstream-oauth (each Kubernetes call carries the signed-in person's ID token to an OIDC
// cluster), calling kubernetes_list without pause for 60 s. Errors, latency, the server's CPU per
// call, and its heap after forced garbage collections between windows of the run (through the
// inspector), which must stay flat.
import { freeLoopbackPort } from '../test/helpers/free-port.js';
import { startBenchCluster } from './lib/cluster.js';
import { heapUsedAfterGc, InspectorSession } from './lib/inspector-session.js';
import { markdownTable } from './lib/markdown.js';
import { type ConnectedServer, callOk, connectHttp, startOurHttpServer } from './lib/mcp-servers.js';
import { startOAuthSetup } from './lib/oauth-login.js';
import { benchOptions } from './lib/options.js';
import { cpuTimeMs, rssMiB } from './lib/process-usage.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { fixed, leastSquaresSlope, summarize } from './lib/stats.js';

const { values: options } = benchOptions({
  options: {
    sessions: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    windows: { type: 'string', default: '6' },
  },
});
const SESSIONS = Number(options.sessions);
const SECONDS = Number(options.seconds);
const WINDOWS = Number(options.windows);
/** The seed lets alice (the benchmark's user) work in team-a. */
const ARGS = { resourceType: 'pods', namespace: 'team-a' };
/** As in the memory benchmark: a heap that grows less than this per call is flat. */
const FLAT_BYTES_PER_CALL = 256;

interface Window {
  calls: number;
  heapBytes: number;
  rss: number;
}

const oauth = await startOAuthSetup();
const bench = await startBenchCluster(0, {
  issuerUrl: oauth.upstream.issuer,
  clientId: oauth.upstream.clientId,
  usernameClaim: 'email',
  signingAlgs: ['RS256'],
  groupsClaim: 'groups',
});
const inspectorPort = await freeLoopbackPort();
const http = await startOurHttpServer(bench.kubeconfigPath, {
  httpAddr: oauth.httpAddr,
  args: [...oauth.serverArgs, '--downstream-oauth'],
  env: oauth.serverEnv,
  nodeArgs: [`--inspect=127.0.0.1:${inspectorPort}`],
});
const inspector = await InspectorSession.connect(inspectorPort);
const token = await oauth.accessToken();
const sessions: ConnectedServer[] = [];
for (let i = 0; i < SESSIONS; i++) sessions.push(await connectHttp(http.url, http.pid, token));
// Warm-up: every session's first call, the per-user client, JIT.
await Promise.all(sessions.map((session) => callOk(session, 'kubernetes_list', ARGS)));

const latencies: number[] = [];
const errors = new Map<string, number>();
let calls = 0;
const windows: Window[] = [];
const idleHeap = await heapUsedAfterGc(inspector);
const cpuBefore = cpuTimeMs(http.pid);
for (let window = 0; window < WINDOWS; window++) {
  const deadline = performance.now() + (SECONDS * 1000) / WINDOWS;
  await Promise.all(
    sessions.map(async (session) => {
      while (performance.now() < deadline) {
        const start = performance.now();
        try {
          await callOk(session, 'kubernetes_list', ARGS);
          latencies.push(performance.now() - start);
        } catch (error) {
          const message = (error as Error).message.slice(0, 120);
          errors.set(message, (errors.get(message) ?? 0) + 1);
        }
        calls++;
      }
    }),
  );
  // Between windows, with no call in flight: what the server still holds after a full collection.
  windows.push({ calls, heapBytes: await heapUsedAfterGc(inspector), rss: rssMiB(http.pid) });
}
const cpuMs = cpuTimeMs(http.pid) - cpuBefore;
inspector.close();
await Promise.all(sessions.map((session) => session.close()));
await http.stop();
await bench.stop();
await oauth.stop();

const errorCount = [...errors.values()].reduce((sum, count) => sum + count, 0);
const latency = summarize(latencies);
// From the first window on: the first fills caches and compiles code, as in the memory benchmark.
const settled = windows.slice(1);
const bytesPerCall = leastSquaresSlope(
  settled.map((w) => w.calls),
  settled.map((w) => w.heapBytes),
);
const mib = (bytes: number) => fixed(bytes / 2 ** 20, 2);
const rows = [
  ['idle (after one call per session)', '0', mib(idleHeap), '-'],
  ...windows.map((w, index) => [
    `after window ${index + 1}`,
    String(w.calls),
    mib(w.heapBytes),
    fixed(w.rss),
  ]),
];
const summaryRows = [
  ['sessions', String(SESSIONS)],
  ['calls', String(calls)],
  ['errors', String(errorCount)],
  ['calls/s', fixed(calls / SECONDS, 0)],
  ['latency p50 ms', fixed(latency.median, 2)],
  ['latency p99 ms', fixed(latency.p99, 2)],
  ['server CPU ms/call', fixed(cpuMs / Math.max(calls, 1), 2)],
  ['heap trend (bytes/call, least squares from window 2)', fixed(bytesPerCall, 1)],
];
const detail =
  `${SESSIONS} sessions, ${SECONDS} s: ${calls} calls, ${errorCount} errors, p50 ${fixed(latency.median, 2)} ms, ` +
  `p99 ${fixed(latency.p99, 2)} ms, server CPU ${fixed(cpuMs / Math.max(calls, 1), 2)} ms/call`;
const verdicts: TargetVerdict[] = [
  {
    target: `${SESSIONS} concurrent HTTP sessions with downstream OAuth for ${SECONDS} s: 0 errors`,
    status: errorCount === 0 && calls > 0 ? 'met' : 'missed',
    detail: errorCount === 0 ? detail : `${detail}; ${[...errors].map(([m, n]) => `${n}x ${m}`).join('; ')}`,
  },
  {
    target: 'soak: heap flat after GC',
    status: bytesPerCall < FLAT_BYTES_PER_CALL ? 'met' : 'missed',
    detail:
      `heap after forced GC ${mib(Math.min(...settled.map((w) => w.heapBytes)))}-` +
      `${mib(Math.max(...settled.map((w) => w.heapBytes)))} MiB over windows 2-${WINDOWS}, trend ` +
      `${fixed(bytesPerCall, 1)} bytes per call (flat: below ${FLAT_BYTES_PER_CALL})`,
  },
];
writeSection({
  name: 'soak',
  title: '7. Soak: concurrent HTTP sessions with downstream OAuth',
  body: [
    `Our built CLI over streamable HTTP with \`--enable-oauth --downstream-oauth\`; the simulator runs ` +
      'as an OIDC cluster trusting the development provider (packages/devidp), so every Kubernetes ' +
      "request carries the signed-in user's ID token and is judged by her RBAC. One user (alice) logs " +
      `in once; ${SESSIONS} MCP sessions (SDK clients) each call \`kubernetes_list\` of the pods of ` +
      `namespace team-a again as soon as the last call answered, for ${SECONDS} s in ${WINDOWS} windows. ` +
      'Between windows, with no call in flight, the benchmark forces a full garbage collection in the ' +
      'server through the inspector (`--inspect`) and reads the heap used. Server CPU: /proc/PID/stat ' +
      'over the whole run divided by its calls. The per-IP and per-user request limits are off, as in ' +
      'section 1.',
    markdownTable(['', ''], summaryRows),
    markdownTable(['state', 'calls so far', 'heap used after GC MiB', 'RSS MiB'], rows),
  ].join('\n\n'),
  targets: verdicts,
});
process.exit(0);
