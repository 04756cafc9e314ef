// Benchmark 4: how much text each answer puts into the model's context, for the same data, from
// our server (per output mode) and from the peers.
import { startBenchCluster } from './lib/cluster.js';
import type { ServerKind, ToolCall } from './lib/list-calls.js';
import { markdownTable } from './lib/markdown.js';
import {
  type ConnectedServer,
  callOk,
  connectStdio,
  ourStdioCommand,
  type ServerCommand,
} from './lib/mcp-servers.js';
import { installPeers, peerLabel } from './lib/peers.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';

const POD_COUNTS = [50, 500, 5000] as const;
const BYTES_PER_TOKEN = 4;
const LIST_MODES = ['table', 'slim', 'json', 'yaml'] as const;
const GET_MODES = ['slim', 'normal', 'full', 'yaml'] as const;

interface Measurement {
  data: string;
  server: string;
  call: string;
  calls: number;
  bytes: number;
  note: string;
}

const CONTINUE = /continue: "([^"]+)"/;
const ADVISED_LIMIT = /repeat this call with limit: (\d+)/;

/**
 * Everything an agent reads to see every item: pages of `limit` items; a page cut by the size
 * limit is asked again with the limit the answer advises (the cut page is counted too: it was read).
 */
async function readEveryPage(
  server: ConnectedServer,
  args: Record<string, unknown>,
): Promise<{ calls: number; bytes: number; note: string }> {
  let limit = 500;
  let token: string | undefined;
  let calls = 0;
  let bytes = 0;
  let cuts = 0;
  while (calls < 1000) {
    const text = await callOk(server, 'kubernetes_list', {
      ...args,
      limit,
      ...(token !== undefined && { continue: token }),
    });
    calls++;
    bytes += Buffer.byteLength(text);
    const advised = text.includes('[output truncated') ? Number(ADVISED_LIMIT.exec(text)?.[1]) : Number.NaN;
    if (advised < limit) {
      cuts++;
      limit = advised;
      continue;
    }
    token = CONTINUE.exec(text)?.[1];
    if (token === undefined) break;
  }
  return {
    calls,
    bytes,
    note: cuts > 0 ? `${cuts} page(s) cut at 64 KiB, re-read with a smaller limit` : '',
  };
}

async function once(server: ConnectedServer, call: ToolCall): Promise<{ bytes: number; note: string }> {
  try {
    return { bytes: Buffer.byteLength(await callOk(server, call.name, call.args)), note: '' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { bytes: Number.NaN, note: `fails: ${reason.replaceAll('|', '/').slice(0, 120)}` };
  }
}

async function measureOurs(server: ConnectedServer, data: string, pods: number): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  const add = (call: string, calls: number, bytes: number, note = '') =>
    rows.push({ data, server: 'mcp-kubernetes', call, calls, bytes, note });
  const podArgs = { resourceType: 'pods', namespace: 'load' };
  const first = await once(server, { name: 'kubernetes_list', args: podArgs });
  add('kubernetes_list default call (table, first 50 + paging hint)', 1, first.bytes);
  if (pods <= 500) {
    const page = await once(server, { name: 'kubernetes_list', args: { ...podArgs, limit: 500 } });
    add('kubernetes_list limit 500 (table, one call)', 1, page.bytes);
  }
  for (const output of LIST_MODES) {
    const all = await readEveryPage(server, { ...podArgs, output });
    add(`kubernetes_list every pod, output ${output}`, all.calls, all.bytes, all.note);
  }
  const summary = await once(server, { name: 'kubernetes_list', args: { ...podArgs, summary: true } });
  add('kubernetes_list summary: true', 1, summary.bytes);
  return rows;
}

async function measureOurNodesAndGets(server: ConnectedServer): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  for (const output of LIST_MODES) {
    const result = await once(server, { name: 'kubernetes_list', args: { resourceType: 'nodes', output } });
    rows.push({
      data: 'nodes (3)',
      server: 'mcp-kubernetes',
      call: `kubernetes_list output ${output}`,
      calls: 1,
      ...result,
    });
  }
  for (const output of GET_MODES) {
    const pod = { resourceType: 'pods', namespace: 'load', name: 'load-00001', output };
    const node = { resourceType: 'nodes', name: 'worker-1', output };
    for (const [data, args] of [
      ['one pod', pod],
      ['one node', node],
    ] as const) {
      const result = await once(server, { name: 'kubernetes_get', args });
      rows.push({
        data,
        server: 'mcp-kubernetes',
        call: `kubernetes_get output ${output}`,
        calls: 1,
        ...result,
      });
    }
  }
  return rows;
}

function peerCalls(kind: ServerKind): { data: string; call: ToolCall }[] {
  if (kind === 'go') {
    return [
      { data: 'nodes (3)', call: { name: 'resources_list', args: { apiVersion: 'v1', kind: 'Node' } } },
      { data: 'one pod', call: { name: 'pods_get', args: { namespace: 'load', name: 'load-00001' } } },
      {
        data: 'one node',
        call: { name: 'resources_get', args: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' } },
      },
    ];
  }
  return [
    { data: 'nodes (3)', call: { name: 'kubectl_get', args: { resourceType: 'nodes' } } },
    {
      data: 'one pod',
      call: { name: 'kubectl_get', args: { resourceType: 'pods', namespace: 'load', name: 'load-00001' } },
    },
    { data: 'one node', call: { name: 'kubectl_get', args: { resourceType: 'nodes', name: 'worker-1' } } },
  ];
}

function podListCall(kind: ServerKind): ToolCall {
  return kind === 'go'
    ? { name: 'pods_list_in_namespace', args: { namespace: 'load' } }
    : { name: 'kubectl_get', args: { resourceType: 'pods', namespace: 'load' } };
}

interface PeerServer {
  label: string;
  kind: ServerKind;
  command: ServerCommand;
  /** What its list answers look like, e.g. "table" or "yaml (--list-output yaml)". */
  listFormat: string;
}

async function measurePeer(peer: PeerServer, data: string, withSingles: boolean): Promise<Measurement[]> {
  const server = await connectStdio(peer.command);
  try {
    const listing = await once(server, podListCall(peer.kind));
    const rows: Measurement[] = [
      {
        data,
        server: peer.label,
        call: `${podListCall(peer.kind).name} (${peer.listFormat})`,
        calls: 1,
        ...listing,
      },
    ];
    if (!withSingles) return rows;
    for (const { data: what, call } of peerCalls(peer.kind)) {
      rows.push({
        data: what,
        server: peer.label,
        call: `${call.name} (${peer.listFormat})`,
        calls: 1,
        ...(await once(server, call)),
      });
    }
    return rows;
  } finally {
    await server.close();
  }
}

const installed = await installPeers();
const skipped = installed.flatMap((peer) =>
  'skipped' in peer ? [`${peer.peer.label}: **skipped** (${peer.skipped})`] : [],
);
const measurements: Measurement[] = [];
let fullListing500 = Number.NaN;
let defaultCall500 = Number.NaN;
for (const pods of POD_COUNTS) {
  const bench = await startBenchCluster(pods);
  const data = `${pods} pods`;
  try {
    const ours = await connectStdio(ourStdioCommand(bench.kubeconfigPath));
    try {
      const rows = await measureOurs(ours, data, pods);
      measurements.push(...rows);
      if (pods === 500) {
        fullListing500 =
          rows.find((row) => row.call.startsWith('kubernetes_list limit 500'))?.bytes ?? Number.NaN;
        defaultCall500 = rows.find((row) => row.call.includes('default call'))?.bytes ?? Number.NaN;
      }
      if (pods === 50) measurements.push(...(await measureOurNodesAndGets(ours)));
    } finally {
      await ours.close();
    }
    const peers: PeerServer[] = [];
    for (const peer of installed) {
      if ('skipped' in peer) continue;
      const command = peer.command(bench.kubeconfigPath);
      peers.push({
        label: peerLabel(peer),
        kind: peer.peer.name,
        command,
        listFormat: peer.peer.name === 'go' ? 'table' : 'default output',
      });
      if (peer.peer.name === 'go') {
        peers.push({
          label: peerLabel(peer),
          kind: 'go',
          command: { ...command, args: [...command.args, '--list-output', 'yaml'] },
          listFormat: 'yaml, --list-output yaml',
        });
      }
    }
    for (const peer of peers) measurements.push(...(await measurePeer(peer, data, pods === 50)));
  } finally {
    await bench.stop();
  }
}

const order = ['50 pods', '500 pods', '5000 pods', 'nodes (3)', 'one pod', 'one node'];
measurements.sort((a, b) => order.indexOf(a.data) - order.indexOf(b.data));
const rows = measurements.map((m) => [
  m.data,
  m.server,
  m.call,
  String(m.calls),
  Number.isFinite(m.bytes) ? String(m.bytes) : '-',
  Number.isFinite(m.bytes) ? String(Math.round(m.bytes / BYTES_PER_TOKEN)) : '-',
  m.note,
]);
const targets: TargetVerdict[] = [
  {
    target: 'a full listing of 500 pods (limit 500, default output) at most 35 KB',
    status: fullListing500 <= 35_000 ? 'met' : 'missed',
    detail: `${fullListing500} bytes (~${Math.round(fullListing500 / BYTES_PER_TOKEN)} tokens)`,
  },
  {
    target: 'the default call (first page plus paging hint) under 5 KB',
    status: defaultCall500 < 5_000 ? 'met' : 'missed',
    detail: `${defaultCall500} bytes for 500 pods`,
  },
];
writeSection({
  name: 'output-size',
  title: '4. Output size (bytes and ~tokens at 4 bytes/token)',
  body: [
    "Text content of each tool answer, over stdio, for pods of namespace `load` (the simulator's load " +
      'pods), the 3 nodes, one pod and one node. "every pod" pages through with limit 500 and the continue ' +
      'token, as an agent would, summing what it reads; ours cuts any answer at 64 KiB ' +
      '(`--max-output-bytes`) with a note advising a smaller limit, and the re-read is counted. The peers ' +
      'answer in one call with everything.',
    ...skipped,
    markdownTable(['Data', 'Server', 'Call', 'calls', 'bytes', '~tokens', 'note'], rows),
  ].join('\n\n'),
  targets,
});
process.exit(0);
