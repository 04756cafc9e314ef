// Where a server's CPU time goes: starts our built CLI, makes `--warm-up` untimed and then
// `--calls` profiled sequential kubernetes_list calls of `--pods` pods over stdio or streamable
// HTTP (behind our OAuth server, a bearer token on every request, as tool-call-overhead.ts drives
// it), and prints the self time per package/folder and per function, the heaviest folded stacks
// and a flame graph. The warm-up lets V8 optimize the server's code first (bench/README.md, "Sixth
// round"); the profile is then taken through the inspector, around the profiled calls alone. With
// `--calls 0` the profile is of the start-up to the initialize answer (`node --cpu-prof`). The calls
// come from the minimal JSON-RPC client of tool-call-overhead.ts.
// Proportions hold on a busy machine even when absolute times do not.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { freeLoopbackPort } from '../test/helpers/free-port.js';
import { startBenchCluster } from './lib/cluster.js';
import { flameGraphText, summarizeProfile } from './lib/cpu-profile.js';
import { InspectorSession } from './lib/inspector-session.js';
import { jsonRpcHttpSession, jsonRpcStdioSession } from './lib/json-rpc-clients.js';
import { ourStdioCommand, startOurHttpServer } from './lib/mcp-servers.js';
import { startOAuthSetup } from './lib/oauth-login.js';
import { benchOptions } from './lib/options.js';

const { values: options } = benchOptions({
  options: {
    transport: { type: 'string', default: 'http' },
    pods: { type: 'string', default: '50' },
    calls: { type: 'string', default: '2000' },
    'warm-up': { type: 'string', default: '2000' },
    top: { type: 'string', default: '25' },
    'flame-min': { type: 'string', default: '1' },
  },
});
const CALLS = Number(options.calls);
const WARM_UP = CALLS === 0 ? 0 : Number(options['warm-up']);
const TOP = Number(options.top);
const profileDir = mkdtempSync(join(tmpdir(), 'mcp-profile-'));
const inspectorPort = WARM_UP > 0 ? await freeLoopbackPort() : undefined;
const nodeArgs =
  inspectorPort === undefined
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
    : [`--inspect=127.0.0.1:${inspectorPort}`];

/** The warm-up, then the profiled calls: profiled from the start when there is no warm-up. */
async function profiledCalls(call: () => Promise<unknown>): Promise<void> {
  if (inspectorPort === undefined) {
    for (let i = 0; i < CALLS; i++) await call();
    return;
  }
  for (let i = 0; i < WARM_UP; i++) await call();
  const inspector = await InspectorSession.connect(inspectorPort);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.start');
  for (let i = 0; i < CALLS; i++) await call();
  const { profile } = await inspector.send<{ profile: unknown }>('Profiler.stop');
  writeFileSync(join(profileDir, 'warm.cpuprofile'), JSON.stringify(profile));
  inspector.close();
}

const bench = await startBenchCluster(Number(options.pods));
const args = { resourceType: 'pods', namespace: 'load', limit: Number(options.pods) };
// The minimal JSON-RPC client: the server's profile is the point, and the SDK client's own work
// (fetch, web streams, schema checks) would take CPU from the same two cores.
if (options.transport === 'stdio') {
  const command = ourStdioCommand(bench.kubeconfigPath);
  const session = await jsonRpcStdioSession({ ...command, args: [...nodeArgs, ...command.args] });
  await profiledCalls(() => session.callTool('kubernetes_list', args));
  await session.close();
} else {
  const oauth = await startOAuthSetup();
  const http = await startOurHttpServer(bench.kubeconfigPath, {
    httpAddr: oauth.httpAddr,
    args: oauth.serverArgs,
    env: oauth.serverEnv,
    nodeArgs,
  });
  const endpoint = new URL(http.url);
  const pool = new Pool(endpoint.origin);
  const session = await jsonRpcHttpSession(pool, endpoint, http.pid, await oauth.accessToken());
  await profiledCalls(() => session.callTool('kubernetes_list', args));
  await session.close();
  await pool.close();
  await http.stop();
  await oauth.stop();
}
await bench.stop();
// The profile is written as the process exits; give it a moment after the pipe closed.
let files: string[] = [];
for (let wait = 0; wait < 50 && files.length === 0; wait++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  files = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
}
if (!files[0]) throw new Error(`no profile in ${profileDir}`);
const summary = summarizeProfile(join(profileDir, files[0]));
const percent = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1)}%`;
console.log(
  `${options.transport}, ${options.pods} pods, ${CALLS} calls after ${WARM_UP} untimed: ` +
    `${summary.totalMs.toFixed(0)} ms busy`,
);
console.log(`(${join(profileDir, files[0])})\n\nself time by package / source folder`);
for (const { module, ms } of summary.byModule.slice(0, TOP))
  console.log(`${percent(ms).padStart(6)}  ${module}`);
console.log('\ntime with the package on the stack (inclusive)');
for (const { module, ms } of summary.inclusiveByModule.slice(0, TOP)) {
  console.log(`${percent(ms).padStart(6)}  ${module}`);
}
console.log('\nself time by function');
for (const { name, module, ms } of summary.byFunction.slice(0, TOP)) {
  console.log(`${percent(ms).padStart(6)}  ${name}  (${module})`);
}
console.log('\nfolded stacks (packages, root first)');
for (const { stack, ms } of summary.folded.slice(0, TOP)) console.log(`${percent(ms).padStart(6)}  ${stack}`);
console.log(
  `\nflame graph (packages, root first; each line: busy time in it and below it; under ${options['flame-min']}% left out)`,
);
for (const line of flameGraphText(summary, Number(options['flame-min']) / 100)) console.log(line);
process.exit(0);
