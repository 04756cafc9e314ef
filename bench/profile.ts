// Where a server's CPU time goes: starts our built CLI with `--cpu-prof`, makes `--calls`
// sequential kubernetes_list calls of `--pods` pods over stdio or streamable HTTP (behind our
// OAuth server, a bearer token on every request, as tool-call-overhead.ts drives it), stops it,
// and prints the self time per package/folder and per function, and the heaviest folded stacks.
// Proportions hold on a busy machine even when absolute times do not.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchCluster } from './lib/cluster.js';
import { flameGraphText, summarizeProfile } from './lib/cpu-profile.js';
import { callOk, connectHttp, connectStdio, ourStdioCommand, startOurHttpServer } from './lib/mcp-servers.js';
import { startOAuthSetup } from './lib/oauth-login.js';

const { values: options } = parseArgs({
  options: {
    transport: { type: 'string', default: 'http' },
    pods: { type: 'string', default: '50' },
    calls: { type: 'string', default: '2000' },
    top: { type: 'string', default: '25' },
    'flame-min': { type: 'string', default: '1' },
  },
});
const CALLS = Number(options.calls);
const TOP = Number(options.top);
const profileDir = mkdtempSync(join(tmpdir(), 'mcp-profile-'));
const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];

const bench = await startBenchCluster(Number(options.pods));
const args = { resourceType: 'pods', namespace: 'load', limit: Number(options.pods) };
if (options.transport === 'stdio') {
  const command = ourStdioCommand(bench.kubeconfigPath);
  const server = await connectStdio({ ...command, args: [...nodeArgs, ...command.args] });
  for (let i = 0; i < CALLS; i++) await callOk(server, 'kubernetes_list', args);
  await server.close();
} else {
  const oauth = await startOAuthSetup();
  const http = await startOurHttpServer(bench.kubeconfigPath, {
    httpAddr: oauth.httpAddr,
    args: oauth.serverArgs,
    env: oauth.serverEnv,
    nodeArgs,
  });
  const session = await connectHttp(http.url, http.pid, await oauth.accessToken());
  for (let i = 0; i < CALLS; i++) await callOk(session, 'kubernetes_list', args);
  await session.close();
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
  `${options.transport}, ${options.pods} pods, ${CALLS} calls: ${summary.totalMs.toFixed(0)} ms busy`,
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
