// Benchmark 5: memory. RSS of our server idle; its heap after forced garbage collection over batches
// of 1,000 tool calls (a leak keeps growing it; RSS alone cannot tell, V8 grows its heap lazily);
// RSS after 1,000 MCP sessions over streamable HTTP; the heap 1,000 cached downstream users'
// Kubernetes clients take.
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClusterAccess } from '../src/k8s/cluster-access.js';
import { freeLoopbackPort } from '../test/helpers/free-port.js';
import { startBenchCluster } from './lib/cluster.js';
import { type CensusGrowth, censusGrowth, takeHeapCensus } from './lib/heap-snapshot.js';
import { heapUsedAfterGc, InspectorSession } from './lib/inspector-session.js';
import { markdownTable } from './lib/markdown.js';
import {
  type ConnectedServer,
  callOk,
  connectHttp,
  connectStdio,
  ourStdioCommand,
  startOurHttpServer,
} from './lib/mcp-servers.js';
import { benchOptions } from './lib/options.js';
import { rssMiB } from './lib/process-usage.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { fixed } from './lib/stats.js';

const { values: options } = benchOptions({
  options: {
    batches: { type: 'string', default: '10' },
    calls: { type: 'string', default: '1000' },
    // Snapshots are taken when the heap grows; this takes them anyway (to see the census work).
    'heap-census': { type: 'boolean', default: false },
  },
});
const BATCHES = Number(options.batches);
const CALLS = Number(options.calls);
const SESSIONS = 1000;
const IDENTITIES = 1000;
const LIST = { resourceType: 'pods', namespace: 'load' };
/** Growth per call below which the heap counts as flat: 256 KiB per 1,000 calls, ~1% of a 20 MiB heap. */
const LEAK_BYTES_PER_CALL = 256;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapMiB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function callMany(server: ConnectedServer, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await callOk(server, 'kubernetes_list', LIST);
}

/** Least-squares slope of `values` over their index: bytes added per batch. */
function slope(values: readonly number[]): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((value, x) => {
    covariance += (x - meanX) * (value - meanY);
    variance += (x - meanX) ** 2;
  });
  return covariance / variance;
}

const kib = (bytes: number) => fixed(bytes / 1024, 0);
const mib = (bytes: number) => fixed(bytes / 2 ** 20, 2);

interface LeakCheck {
  table: string;
  verdict: TargetVerdict;
  growth?: CensusGrowth[];
}

/** Our stdio server under --inspect: heap used after a forced GC (and RSS) after each batch of calls. */
async function leakCheck(kubeconfigPath: string): Promise<LeakCheck> {
  const port = await freeLoopbackPort();
  const command = ourStdioCommand(kubeconfigPath);
  const server = await connectStdio({ ...command, args: [`--inspect=127.0.0.1:${port}`, ...command.args] });
  const session = await InspectorSession.connect(port);
  try {
    const heaps = [await heapUsedAfterGc(session)];
    const rows = [['0 (idle after initialize)', mib(heaps[0] as number), '', fixed(rssMiB(server.pid))]];
    for (let batch = 1; batch <= BATCHES; batch++) {
      await callMany(server, CALLS);
      const heap = await heapUsedAfterGc(session);
      rows.push([
        String(batch * CALLS),
        mib(heap),
        `${heap >= (heaps.at(-1) as number) ? '+' : ''}${kib(heap - (heaps.at(-1) as number))}`,
        fixed(rssMiB(server.pid)),
      ]);
      heaps.push(heap);
    }
    // The first batch adds what is made once (compiled code, modules loaded on first use): the trend
    // starts at the heap after it, not at the idle one.
    const settled = heaps.slice(1);
    const perBatch = slope(settled);
    const met = perBatch < LEAK_BYTES_PER_CALL * CALLS;
    const verdict: TargetVerdict = {
      target: `no leak: the heap after GC stops growing over batches of ${CALLS} calls`,
      status: met ? 'met' : 'missed',
      detail:
        `heap used after forced GC, after ${CALLS} to ${BATCHES * CALLS} calls: ` +
        `${mib(Math.min(...settled))}-${mib(Math.max(...settled))} MiB, trend ` +
        `${perBatch >= 0 ? '+' : ''}${kib(perBatch)} KiB per ${CALLS} calls (flat: below ` +
        `+${kib(LEAK_BYTES_PER_CALL * CALLS)} KiB, ${LEAK_BYTES_PER_CALL} bytes per call)`,
    };
    const table = markdownTable(
      ['calls so far', 'heap used after GC MiB', 'vs batch before KiB', 'RSS MiB'],
      rows,
    );
    if (met && !options['heap-census']) return { table, verdict };
    const before = await takeHeapCensus(session);
    await callMany(server, CALLS * 2);
    return { table, verdict, growth: censusGrowth(before, await takeHeapCensus(session)) };
  } finally {
    session.close();
    await server.close();
  }
}

function growthTable(growth: CensusGrowth[]): string {
  return markdownTable(
    [`constructor (live objects added over ${CALLS * 2} calls)`, 'objects', 'bytes (self size)'],
    growth.map((entry) => [entry.constructorName, String(entry.addedCount), String(entry.addedBytes)]),
  );
}

const bench = await startBenchCluster(50);
const rows: string[][] = [];
const targets: TargetVerdict[] = [];
let leak: LeakCheck | undefined;
try {
  const stdio = await connectStdio(ourStdioCommand(bench.kubeconfigPath));
  rows.push(['stdio: idle after initialize', fixed(rssMiB(stdio.pid)), '']);
  await stdio.close();
  leak = await leakCheck(bench.kubeconfigPath);
  targets.push(leak.verdict);

  const http = await startOurHttpServer(bench.kubeconfigPath);
  const httpIdle = rssMiB(http.pid);
  const sessions: ConnectedServer[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const session = await connectHttp(http.url, http.pid);
    await callOk(session, 'kubernetes_list', LIST);
    sessions.push(session);
  }
  const withSessions = rssMiB(http.pid);
  rows.push(['streamable HTTP: idle', fixed(httpIdle), '']);
  rows.push([
    `streamable HTTP: ${SESSIONS} open sessions, one call each`,
    fixed(withSessions),
    `${fixed(((withSessions - httpIdle) * 1024) / SESSIONS)} KiB per session`,
  ]);
  await Promise.all(sessions.map((session) => session.close()));
  await http.stop();

  const access = createClusterAccess({
    kubeconfigYaml: bench.cluster.kubeconfig,
    qps: 50,
    burst: 100,
    requestTimeoutMs: 30_000,
  });
  access.client();
  const before = heapMiB();
  for (let i = 0; i < IDENTITIES; i++)
    access.client(undefined, { bearerToken: randomBytes(32).toString('base64url') });
  const after = heapMiB();
  await access.close();
  rows.push([
    `${IDENTITIES} downstream users' clients cached (heap, in-process)`,
    `+${fixed(after - before, 2)} heap`,
    `${fixed(((after - before) * 1024 * 1024) / IDENTITIES, 0)} bytes per user client`,
  ]);
} finally {
  await bench.stop();
}
writeSection({
  name: 'memory',
  title: '5. Memory and scale',
  body: [
    'RSS of the server process from /proc/PID/status. The stdio server is the built CLI; the HTTP ' +
      'sessions are MCP SDK clients kept open (each initialized and called once). The per-user client ' +
      'cache is measured in-process (heap after a forced GC) with ClusterAccess.client(context, ' +
      '{ bearerToken }), as the downstream OAuth path uses it: one REST client and rate limiter per ' +
      'user over one shared connection pool.',
    markdownTable(['State', 'MiB', 'note'], rows),
    '### Leak check: heap after forced GC',
    `Our stdio server started with \`--inspect=127.0.0.1:<port>\`; over the inspector protocol ` +
      '(`HeapProfiler.collectGarbage` twice, then `Runtime.getHeapUsage`) the benchmark reads the heap ' +
      `used after a full garbage collection, idle and after each batch of ${CALLS} sequential ` +
      '`kubernetes_list` calls of 50 pods; RSS beside it. The first batch fills caches and compiles ' +
      'code; the trend is the least-squares slope of the heap from the first batch on (single batches ' +
      'move by a few hundred KiB either way as V8 flushes and recompiles code). When the trend is ' +
      `above the threshold (or with \`--heap-census\`), two heap snapshots ${CALLS * 2} calls apart are ` +
      'compared by live objects per constructor (snapshots collect garbage first).',
    leak?.table ?? 'not measured',
    ...(leak?.growth ? [growthTable(leak.growth)] : []),
  ].join('\n\n'),
  targets,
});
process.exit(0);
