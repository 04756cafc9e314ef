// Benchmark 6: process start to the first `initialize` answer over stdio, the RSS right after it
// and once idle, for our CLI, the peers, and a bare Node.js process that answers by itself (the
// floor no Node.js program can beat).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchCluster } from './lib/cluster.js';
import { jsonRpcStdioSession } from './lib/json-rpc-clients.js';
import { listPodsCall, type ServerKind, type ToolCall } from './lib/list-calls.js';
import { markdownTable } from './lib/markdown.js';
import { OUR_CLI, ourStdioCommand, type ServerCommand } from './lib/mcp-servers.js';
import { benchOptions } from './lib/options.js';
import { installPeers, peerLabel } from './lib/peers.js';
import { cpuTimeMs, rssMiB } from './lib/process-usage.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { fixed, interleaved, ratio, summarize } from './lib/stats.js';

const { values: options } = benchOptions({
  options: {
    runs: { type: 'string', default: '15' },
    // Rounds of the idle RSS reading; each waits IDLE_SETTLE_MS with every subject started at once.
    'idle-runs': { type: 'string', default: '3' },
    // A build to compare with, e.g. a copy of dist/ from before a start-up change.
    'baseline-cli': { type: 'string', default: process.env.BENCH_BASELINE_CLI },
  },
});
const RUNS = Number(options.runs);
const IDLE_RUNS = Number(options['idle-runs']);
/** The RSS right after start-up: read this long after the answer, no tool called. */
const SETTLE_MS = 300;
/**
 * Idle RSS: read this long after the answer. V8 gives back the memory its start-up took only in a
 * memory-reducing GC, which its memory reducer runs on an 8 s timer once the process allocates
 * little (10 to 24 s after our answer, measured); until then a Node.js process holds the young
 * generation its start-up grew.
 */
const IDLE_SETTLE_MS = 30_000;

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'mcp-kubernetes-bench', version: '1.0.0' },
  },
})}\n`;

const BARE_NODE = `process.stdin.once('data', () => {
  process.stdout.write('{"jsonrpc":"2.0","id":1,"result":{}}\\n');
});`;

/**
 * Node.js reads every certificate named by NODE_EXTRA_CA_CERTS as it starts, before any script runs
 * (here 144 certificates: about 40 ms and 2 MiB), and Go does not: a setting of the machine, not a
 * cost of a server, so no subject gets it. When it is set, the floor is also measured with it.
 */
const EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
const { NODE_EXTRA_CA_CERTS: _machineSetting, ...SUBJECT_ENV } = process.env;

interface Subject {
  label: string;
  command: ServerCommand;
  /** Which tool lists the pods (none for the bare Node.js floor). */
  kind?: ServerKind;
  startMs: number[];
  rss: number[];
  idleRss: number[];
  firstCallMs: number[];
  /** The same, asked after FIRST_CALL_PAUSE_MS, as an agent asks once its model has had a turn. */
  pausedFirstCallMs: number[];
  /** CPU time of the whole process over a short session: start-up, SESSION_CALLS calls, SESSION_SETTLE_MS. */
  sessionCpuMs: number[];
}

/** Pods in the namespace the first list call asks for: section 1's smaller size. */
const FIRST_CALL_PODS = 50;
/** An agent's first question comes after a model turn, seconds after initialize; this is less. */
const FIRST_CALL_PAUSE_MS = 1000;
/**
 * A short agent session, as a stdio server serves one: the paused first call and the calls after it,
 * one at a time; the process's CPU time (all its threads) is read SESSION_SETTLE_MS after the last
 * answer, so work a runtime does in the background after a burst of calls (compiling) counts too.
 */
const SESSION_CALLS = 20;
const SESSION_SETTLE_MS = 2000;

/**
 * Spawns, sends initialize at once (the server reads it when ready), times the first line, and
 * reads the RSS `settleMs` after it.
 */
function startOnce(command: ServerCommand, settleMs = SETTLE_MS): Promise<{ ms: number; rss: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command.command, command.args, {
      env: { ...SUBJECT_ENV, ...command.env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    child.stdin.write(INITIALIZE);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (output.includes('\n')) return;
      output += chunk.toString();
      if (!output.includes('\n')) return;
      const ms = performance.now() - start;
      if (!output.includes('"result"')) reject(new Error(`${command.name} answered: ${output}`));
      setTimeout(() => {
        const rss = rssMiB(child.pid as number);
        child.once('exit', () => resolve({ ms, rss }));
        child.kill('SIGKILL');
      }, settleMs);
    });
    child.once('error', reject);
  });
}

/**
 * Spawns, initializes, and times the first list call of the fresh process (asked `pauseMs` after the
 * initialize answer), from its request to its answer: what an agent waits for on its first question
 * (connections, lazily loaded code, and code that runs for the first time). With `calls` > 1 the
 * session goes on, one call after the other, and the process's CPU time is read SESSION_SETTLE_MS
 * after the last answer.
 */
async function firstCallOnce(
  command: ServerCommand,
  call: ToolCall,
  pauseMs = 0,
  calls = 1,
): Promise<{ firstMs: number; cpuMs: number }> {
  const session = await jsonRpcStdioSession(command, SUBJECT_ENV);
  try {
    await sleep(pauseMs);
    const asked = performance.now();
    await session.callTool(call.name, call.args);
    const firstMs = performance.now() - asked;
    for (let done = 1; done < calls; done++) await session.callTool(call.name, call.args);
    if (calls > 1) await sleep(SESSION_SETTLE_MS);
    return { firstMs, cpuMs: cpuTimeMs(session.pid) };
  } finally {
    await session.close();
  }
}

const bench = await startBenchCluster(FIRST_CALL_PODS);
const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-startup-'));
writeFileSync(join(dir, 'bare.mjs'), BARE_NODE);
const subjects: Subject[] = [];
const add = (label: string, command: ServerCommand, kind?: ServerKind) =>
  subjects.push({
    label,
    command,
    ...(kind && { kind }),
    startMs: [],
    rss: [],
    idleRss: [],
    firstCallMs: [],
    pausedFirstCallMs: [],
    sessionCpuMs: [],
  });
add('bare Node.js answering initialize (floor)', {
  name: 'node',
  command: process.execPath,
  args: [join(dir, 'bare.mjs')],
});
if (EXTRA_CA_CERTS) {
  add(`bare Node.js answering initialize, with NODE_EXTRA_CA_CERTS=${EXTRA_CA_CERTS}`, {
    name: 'node',
    command: process.execPath,
    args: [join(dir, 'bare.mjs')],
    env: { NODE_EXTRA_CA_CERTS: EXTRA_CA_CERTS },
  });
}
add('mcp-kubernetes (this build)', ourStdioCommand(bench.kubeconfigPath, OUR_CLI), 'ours');
if (options['baseline-cli']) {
  add(
    `mcp-kubernetes (baseline build ${options['baseline-cli']})`,
    ourStdioCommand(bench.kubeconfigPath, options['baseline-cli']),
    'ours',
  );
}
const skipped: string[] = [];
let goLabel: string | undefined;
for (const peer of await installPeers()) {
  if ('skipped' in peer) {
    skipped.push(`${peer.peer.label}: skipped (${peer.skipped})`);
    continue;
  }
  add(peerLabel(peer), peer.command(bench.kubeconfigPath), peer.peer.name);
  if (peer.peer.name === 'go') goLabel = peerLabel(peer);
}
try {
  for (const subject of subjects) await startOnce(subject.command); // warm the file cache
  await interleaved(RUNS, subjects, async (subject) => {
    const { ms, rss } = await startOnce(subject.command);
    subject.startMs.push(ms);
    subject.rss.push(rss);
  });
  const callers = subjects.filter((subject) => subject.kind);
  await interleaved(RUNS, callers, async (subject) => {
    const call = listPodsCall(subject.kind as ServerKind, FIRST_CALL_PODS);
    subject.firstCallMs.push((await firstCallOnce(subject.command, call)).firstMs);
    const session = await firstCallOnce(subject.command, call, FIRST_CALL_PAUSE_MS, SESSION_CALLS);
    subject.pausedFirstCallMs.push(session.firstMs);
    subject.sessionCpuMs.push(session.cpuMs);
  });
  // Idle subjects do not compete for the CPU, so all of them wait out the settling time together.
  for (let round = 0; round < IDLE_RUNS; round++) {
    await Promise.all(
      subjects.map(async (subject) => {
        subject.idleRss.push((await startOnce(subject.command, IDLE_SETTLE_MS)).rss);
      }),
    );
  }
} finally {
  await bench.stop();
  rmSync(dir, { recursive: true, force: true });
}

const go = subjects.find((subject) => subject.label === goLabel);
const goStart = go ? summarize(go.startMs).median : Number.NaN;
const goRss = go ? summarize(go.rss).median : Number.NaN;
const goIdleRss = go ? summarize(go.idleRss).median : Number.NaN;
const goFirstCall = go ? summarize(go.firstCallMs).median : Number.NaN;
const goPausedFirstCall = go ? summarize(go.pausedFirstCallMs).median : Number.NaN;
const goSessionCpu = go ? summarize(go.sessionCpuMs).median : Number.NaN;
const rows = subjects.map((subject) => {
  const start = summarize(subject.startMs);
  const rss = summarize(subject.rss).median;
  const idleRss = summarize(subject.idleRss).median;
  const firstCall = subject.kind ? summarize(subject.firstCallMs).median : Number.NaN;
  const pausedFirstCall = subject.kind ? summarize(subject.pausedFirstCallMs).median : Number.NaN;
  const sessionCpu = subject.kind ? summarize(subject.sessionCpuMs).median : Number.NaN;
  return [
    subject.label,
    fixed(start.median),
    fixed(start.p99),
    ratio(start.median, goStart),
    fixed(rss),
    ratio(rss, goRss),
    fixed(idleRss),
    ratio(idleRss, goIdleRss),
    ...(subject.kind
      ? [
          fixed(firstCall),
          ratio(firstCall, goFirstCall),
          fixed(pausedFirstCall),
          ratio(pausedFirstCall, goPausedFirstCall),
          fixed(sessionCpu),
          ratio(sessionCpu, goSessionCpu),
        ]
      : ['-', '-', '-', '-', '-', '-']),
  ];
});
const ours = subjects.find((subject) => subject.label === 'mcp-kubernetes (this build)') as Subject;
const oursStart = summarize(ours.startMs).median;
const oursRss = summarize(ours.rss).median;
const oursIdleRss = summarize(ours.idleRss).median;
const floor = subjects[0] as Subject;
const limits =
  `a bare Node.js ${process.version} process needs ${fixed(summarize(floor.startMs).median)} ms and ` +
  `${fixed(summarize(floor.rss).median)} MiB before any of our code runs; the rest is compiling and ` +
  'running the modules initialize needs (zod, the MCP SDK, yaml, commander, pino, our tools): ' +
  'see bench/README.md, "Start-up"';
const targets: TargetVerdict[] = go
  ? [
      {
        target: 'start-up to the first initialize answer at or below the Go peer',
        status: oursStart <= goStart ? 'met' : 'missed',
        detail: `${fixed(oursStart)} ms vs ${fixed(goStart)} ms (${ratio(oursStart, goStart)}); ${limits}`,
      },
      {
        target: 'idle RSS at or below the Go peer',
        status: oursIdleRss <= goIdleRss ? 'met' : 'missed',
        detail:
          `${IDLE_SETTLE_MS / 1000} s after the answer: ${fixed(oursIdleRss)} MiB vs ${fixed(goIdleRss)} MiB ` +
          `(${ratio(oursIdleRss, goIdleRss)}); ${SETTLE_MS} ms after it, before V8's memory reducer has run: ` +
          `${fixed(oursRss)} MiB vs ${fixed(goRss)} MiB (${ratio(oursRss, goRss)}); ${limits}`,
      },
    ]
  : [
      {
        target: 'start-up and idle RSS at or below the Go peer',
        status: 'pending',
        detail: skipped.join('; '),
      },
    ];
writeSection({
  name: 'startup',
  title: '6. Start-up: process start to the first initialize answer (stdio)',
  body: [
    `Each server is spawned with the initialize request already written to its stdin; the time to ` +
      `the first line on stdout is measured, then the RSS ${SETTLE_MS} ms later (no tool called). ` +
      `${RUNS} interleaved runs after one warm-up run each. Idle RSS: in ${IDLE_RUNS} more rounds every subject ` +
      `is started at once and its RSS read ${IDLE_SETTLE_MS / 1000} s after its answer, once V8's memory ` +
      'reducer (on an 8 s timer once a process allocates little) has given back what start-up took; a ' +
      'Go process keeps its RSS. Ours and the Go peer get the same kubeconfig file. ' +
      'No subject gets NODE_EXTRA_CA_CERTS (Node.js reads those certificates at start-up, Go does not). ' +
      `First list call: in ${RUNS} more interleaved runs each server is started, initialized, and asked ` +
      `for the ${FIRST_CALL_PODS} pods of namespace load in its own tool (as in section 2); the time is ` +
      'from that request to its answer: the first connection to the API server, and code that loads or ' +
      'runs for the first time (section 1 measures warm servers). Asked at once, as here, and asked ' +
      `${FIRST_CALL_PAUSE_MS / 1000} s after the initialize answer (each its own start), as an agent asks ` +
      'once its model has had a turn: a server may use that time to prepare. That second start goes on as ' +
      `a short session: ${SESSION_CALLS} list calls in all, one after the other, and the process's CPU time ` +
      `(user + system, all its threads, start-up included) read ${SESSION_SETTLE_MS / 1000} s after the ` +
      'last answer: what one agent session costs the machine, background compilation included.',
    ...skipped,
    markdownTable(
      [
        'Server',
        'start p50 ms',
        'start p99 ms',
        'vs Go peer',
        `RSS ${SETTLE_MS} ms after p50 MiB`,
        'vs Go peer',
        `idle RSS (${IDLE_SETTLE_MS / 1000} s after) p50 MiB`,
        'vs Go peer',
        `first list call (${FIRST_CALL_PODS} pods) p50 ms`,
        'vs Go peer',
        `the same, ${FIRST_CALL_PAUSE_MS / 1000} s after initialize, p50 ms`,
        'vs Go peer',
        `CPU of a session (start-up, ${SESSION_CALLS} calls) p50 ms`,
        'vs Go peer',
      ],
      rows,
    ),
  ].join('\n\n'),
  targets,
});
process.exit(0);
