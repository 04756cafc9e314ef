import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ServerCommand } from './mcp-servers.js';

// The peers are installed at benchmark time into a temporary prefix, never as dependencies of
// this project. BENCH_PEERS_DIR reuses a prefix from an earlier run (no network then).

const run = promisify(execFile);

export type PeerName = 'go' | 'flux';

export interface PeerPackage {
  name: PeerName;
  npmPackage: string;
  label: string;
}

export const PEER_PACKAGES: readonly PeerPackage[] = [
  { name: 'go', npmPackage: 'kubernetes-mcp-server', label: 'containers/kubernetes-mcp-server (Go)' },
  { name: 'flux', npmPackage: 'mcp-server-kubernetes', label: 'Flux159/mcp-server-kubernetes (kubectl)' },
];

export type InstalledPeer =
  | { peer: PeerPackage; version: string; command: (kubeconfigPath: string) => ServerCommand }
  | { peer: PeerPackage; skipped: string };

function installedVersion(prefix: string, npmPackage: string): string {
  const manifest = join(prefix, 'node_modules', npmPackage, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function npmInstall(prefix: string, npmPackage: string): Promise<void> {
  if (existsSync(join(prefix, 'node_modules', npmPackage, 'package.json'))) return;
  await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', npmPackage], {
    timeout: 300_000,
  });
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** The Go binary itself, not the npm wrapper that spawns it: we measure the server, not Node. */
function goCommand(prefix: string): (kubeconfigPath: string) => ServerCommand {
  const arch = GO_ARCH[process.arch] ?? process.arch;
  const platformPackage = `kubernetes-mcp-server-${process.platform}-${arch}`;
  const binary = join(prefix, 'node_modules', platformPackage, 'bin', platformPackage);
  if (!existsSync(binary)) throw new Error(`${binary} is missing (no binary for this platform)`);
  return (kubeconfigPath) => ({
    name: 'kubernetes-mcp-server (Go)',
    command: binary,
    args: ['--kubeconfig', kubeconfigPath],
    // client-go's defaults (5 QPS, burst 10) would measure its throttle; its docs name these variables.
    env: { KUBE_CLIENT_QPS: '10000', KUBE_CLIENT_BURST: '100000' },
  });
}

async function kubectlDirectory(): Promise<string> {
  const { stdout } = await run('sh', ['-c', 'command -v kubectl']);
  const path = stdout.trim();
  if (!path) throw new Error('kubectl is not installed');
  return dirname(path);
}

async function fluxCommand(prefix: string): Promise<(kubeconfigPath: string) => ServerCommand> {
  const entry = join(prefix, 'node_modules', 'mcp-server-kubernetes', 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing`);
  const path = `${await kubectlDirectory()}:${process.env.PATH ?? ''}`;
  return (kubeconfigPath) => ({
    name: 'mcp-server-kubernetes (Flux159)',
    command: process.execPath,
    args: [entry],
    env: { KUBECONFIG: kubeconfigPath, PATH: path },
  });
}

async function installPeer(prefix: string, peer: PeerPackage): Promise<InstalledPeer> {
  try {
    await npmInstall(prefix, peer.npmPackage);
    const command = peer.name === 'go' ? goCommand(prefix) : await fluxCommand(prefix);
    return { peer, version: installedVersion(prefix, peer.npmPackage), command };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { peer, skipped: reason ?? 'unknown error' };
  }
}

let installed: Promise<InstalledPeer[]> | undefined;

/** BENCH_PEERS_DIR, or a temporary prefix that goes away with this process (about 300 MB). */
export function peersPrefix(): string {
  const given = process.env.BENCH_PEERS_DIR;
  if (given) return given;
  const prefix = mkdtempSync(join(tmpdir(), 'mcp-bench-peers-'));
  process.once('exit', () => rmSync(prefix, { recursive: true, force: true }));
  return prefix;
}

/** Installs both peers once per process (into BENCH_PEERS_DIR or a temporary prefix). */
export function installPeers(): Promise<InstalledPeer[]> {
  if (!installed) {
    const prefix = peersPrefix();
    installed = Promise.all(PEER_PACKAGES.map((peer) => installPeer(join(prefix, peer.name), peer)));
  }
  return installed;
}

export function peerLabel(peer: InstalledPeer): string {
  return 'skipped' in peer ? peer.peer.label : `${peer.peer.label} ${peer.version}`;
}
