// Benchmark 5: memory. RSS of our server idle, after 1,000 tool calls and after 1,000 more (a leak
// would keep growing), after 1,000 MCP sessions over streamable HTTP, and the heap that 1,000
// cached downstream users' Kubernetes clients take.
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClusterAccess } from '../src/k8s/cluster-access.js';
import { startBenchCluster } from './lib/cluster.js';
import { markdownTable } from './lib/markdown.js';
import {
  type ConnectedServer,
  callOk,
  connectHttp,
  connectStdio,
  ourStdioCommand,
  startOurHttpServer,
} from './lib/mcp-servers.js';
import { rssMiB } from './lib/process-usage.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { fixed } from './lib/stats.js';

const CALLS = 1000;
const BATCHES = 4;
const SESSIONS = 1000;
const IDENTITIES = 1000;
const LIST = { resourceType: 'pods', namespace: 'load' };

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapMiB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function callMany(server: ConnectedServer, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await callOk(server, 'kubernetes_list', LIST);
}

const bench = await startBenchCluster(50);
const rows: string[][] = [];
const targets: TargetVerdict[] = [];
try {
  const stdio = await connectStdio(ourStdioCommand(bench.kubeconfigPath));
  const idle = rssMiB(stdio.pid);
  rows.push(['stdio: idle after initialize', fixed(idle), '']);
  // RSS settles as V8 sizes its heap: a leak shows as growth that does not shrink batch after batch.
  const growth: number[] = [];
  let previous = idle;
  for (let batch = 1; batch <= BATCHES; batch++) {
    await callMany(stdio, CALLS);
    const now = rssMiB(stdio.pid);
    growth.push(now - previous);
    rows.push([
      `stdio: after ${batch * CALLS} kubernetes_list calls (50 pods)`,
      fixed(now),
      `${fixed(now - previous)} MiB over these ${CALLS}`,
    ]);
    previous = now;
  }
  await stdio.close();
  const last = growth.at(-1) ?? 0;
  const second = growth[1] ?? 0;
  targets.push({
    target: 'no leak: RSS does not keep growing over further batches of 1,000 calls',
    status: last <= 2 || last < second / 2 ? 'met' : 'missed',
    detail: `growth per batch of ${CALLS}: ${growth.map((mib) => fixed(mib)).join(', ')} MiB (met when the last batch adds <= 2 MiB or half the one before)`,
  });

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
  ].join('\n\n'),
  targets,
});
process.exit(0);
