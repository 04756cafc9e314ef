// Runs every benchmark, one after another, each in its own process (as `npm run bench:<name>`
// would), so that one's memory and JIT state never colour the next. Each writes its section of
// bench/results.md; the Targets section is regenerated after each.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { peersPrefix } from './lib/peers.js';
import { BENCHMARK_ORDER } from './lib/results-file.js';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The benchmarks that run the peers share one install of them, removed when this process exits
// unless BENCH_PEERS_DIR names a folder to keep.
const peersDir = peersPrefix();
const failed: string[] = [];
for (const name of BENCHMARK_ORDER) {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  process.stdout.write(`\n== ${name}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PEERS_DIR: peersDir },
  });
  if (run.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
