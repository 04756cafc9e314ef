import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { freeLoopbackPort } from './free-port.js';

const REDIS_SERVER = 'redis-server';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Why the Valkey tests cannot run here, or undefined when they can. Tests skip with this reason in
 * their name (`describe.skipIf`), so a missing server shows as skipped, never as a pass.
 */
export const redisServerMissing: string | undefined =
  spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).status === 0
    ? undefined
    : `skipped: ${REDIS_SERVER} is not installed (Debian: apt-get install redis-server)`;

export interface RedisServerOptions {
  /** Clients must AUTH with it (`--requirepass`). */
  readonly password?: string;
  /** Default: a free loopback port. */
  readonly port?: number;
  /** Serve TLS only (no plain port) with this certificate and key (PEM); clients need no certificate. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/**
 * Debian's redis-server on a free loopback port, with no persistence, in a temporary folder.
 * It stands in for Valkey: the store uses only commands both have.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    private readonly folder: string,
    private readonly options: RedisServerOptions,
  ) {}

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const folder = mkdtempSync(join(tmpdir(), 'redis-server-'));
    const server = new RedisServer(options.port ?? (await freeLoopbackPort()), folder, options);
    await server.launch();
    return server;
  }

  /** `redis://127.0.0.1:<port>` (`rediss://` with TLS), without credentials. */
  get url(): string {
    return `${this.options.tls ? 'rediss' : 'redis'}://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Freezes the process (SIGSTOP): connections stay open, nothing answers. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Stops the server (SIGTERM) and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    // A paused server would not act on SIGTERM.
    child.kill('SIGCONT');
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await withTimeout(exited, STOP_TIMEOUT_MS, `redis-server on port ${this.port} did not stop`);
  }

  /** Starts it again on the same port (for fault tests); the data is gone, as after a crash. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the server and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.folder];
    const tls = this.options.tls;
    if (tls) {
      writeFileSync(join(this.folder, 'tls.crt'), tls.cert);
      writeFileSync(join(this.folder, 'tls.key'), tls.key, { mode: 0o600 });
      args.push('--port', '0', '--tls-port', String(this.port), '--tls-auth-clients', 'no');
      args.push(
        '--tls-cert-file',
        join(this.folder, 'tls.crt'),
        '--tls-key-file',
        join(this.folder, 'tls.key'),
      );
    } else {
      args.push('--port', String(this.port));
    }
    if (this.options.password !== undefined) args.push('--requirepass', this.options.password);
    const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.log = '';
    const collect = (chunk: Buffer) => {
      this.log += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.child = child;
    const failed = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${this.log}`)));
    });
    failed.catch(() => undefined);
    const answered = waitForPing(this.port, tls !== undefined, START_TIMEOUT_MS);
    await withTimeout(
      Promise.race([answered, failed]),
      START_TIMEOUT_MS,
      `redis-server on port ${this.port} did not answer PING:\n${this.log}`,
    );
  }
}

/** Sends an inline PING until the server answers (+PONG, or -NOAUTH when it wants a password). */
async function waitForPing(port: number, tls: boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pingOnce(port, tls)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing answered PING on port ${port} within ${timeoutMs} ms`);
}

function pingOnce(port: number, tls: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    // Only "is it up": the certificate is checked by the tests, not here.
    const socket = tls
      ? connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(/^(\+PONG|-NOAUTH)/.test(data.toString())));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
