import { randomUUID } from 'node:crypto';
import { Valkey } from 'iovalkey';
import type {
  ListedRecord,
  NewRecord,
  PutOptions,
  Store,
  StoredRecord,
  StoreLock,
  UseOutcome,
} from '../store.js';
import { type ReportsAvailability, StoreUnavailableError } from '../store-unavailable-error.js';
import { type ValkeyScriptName, valkeyScripts } from './valkey-scripts.js';

export interface ValkeyStoreOptions {
  /** `redis://`, `rediss://`, `valkey://` or `valkeys://` URL; a `/n` path selects database n. */
  readonly url: string;
  /** Overrides a password in the URL. */
  readonly password?: string;
  /** TLS even for a `redis://` URL (`rediss://` and `valkeys://` always use it). */
  readonly tls?: boolean;
  /** With TLS: PEM of the only CA trusted for the server's certificate; default: the system's CAs. */
  readonly ca?: string;
  /** Prepended to every key, so that several deployments can share one server. Default `mcp:`. */
  readonly keyPrefix?: string;
  /** Overrides a database in the URL. */
  readonly db?: number;
  /** A command with no answer within it fails (the store is then unavailable). Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Reconnection waits double from 50 ms up to this. Default 2000 ms. */
  readonly maxReconnectDelayMs?: number;
  /** Told when the connection is lost or back, e.g. to log it; `reason` never holds a credential. */
  readonly onAvailabilityChange?: (available: boolean, reason: string) => void;
}

export const DEFAULT_KEY_PREFIX = 'mcp:';
const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 2_000;
const FIRST_RECONNECT_DELAY_MS = 50;
/** Server replies that mean "not now" rather than "wrong request". */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|NOAUTH|WRONGPASS|NOPERM)\b/;
/** Server replies that reconnecting will not cure: start-up fails on them. */
const REFUSED_LOGIN = /^(NOAUTH|WRONGPASS)\b|invalid password|DB index is out of range/i;

type ScriptCaller = Record<ValkeyScriptName, (...keysThenArgs: (string | number)[]) => Promise<unknown>>;

/**
 * The shared backend for several replicas: Valkey or Redis. Every decision is one Lua script (run with
 * EVALSHA, falling back to EVAL when the server does not know it yet), every key has a TTL.
 *
 * While the server is unreachable, calls fail at once with StoreUnavailableError: there is no offline
 * queue, no command is retried (a retried rotation whose first run had succeeded would look like a
 * replay and revoke the login), and a command unanswered after a second fails. The client reconnects
 * on its own with capped exponential backoff, and calls succeed again as soon as it is back.
 */
export class ValkeyStore implements Store, ReportsAvailability {
  private readonly client: Valkey;
  private readonly scripts: ScriptCaller;
  private readonly prefix: string;
  private readonly groupKeyPrefix: string;
  /** host:port, never credentials: what messages name. */
  private readonly where: string;
  private lastConnectionError = 'not connected yet';
  private wasAvailable = false;
  private closed = false;

  constructor(options: ValkeyStoreOptions) {
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.groupKeyPrefix = `${this.prefix}group:`;
    this.where = describeServer(options.url);
    const maxDelay = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
    this.client = new Valkey(options.url, {
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(options.db !== undefined ? { db: options.db } : {}),
      ...(options.tls || options.ca ? { tls: options.ca ? { ca: options.ca } : {} } : {}),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** (attempt - 1), maxDelay),
    });
    for (const [name, script] of Object.entries(valkeyScripts)) this.client.defineCommand(name, script);
    this.scripts = this.client as unknown as ScriptCaller;
    this.watchConnection(options.onAvailabilityChange);
  }

  /** The connection, for the rate limiters to share: limits then hold across replicas. */
  get connection(): Valkey {
    return this.client;
  }

  get available(): boolean {
    return !this.closed && this.client.status === 'ready';
  }

  /** Why the store is unavailable (no credential in it), or undefined while it is available. */
  get unavailableReason(): string | undefined {
    if (this.available) return undefined;
    return this.closed ? 'closed' : `not connected to ${this.where} (${this.lastConnectionError})`;
  }

  /**
   * Resolves true once connected, or false when the server is still unreachable after `timeoutMs` (the
   * client keeps trying). Rejects with StoreUnavailableError when the server refuses the login or the
   * database, which no reconnection cures.
   */
  waitUntilAvailable(timeoutMs: number): Promise<boolean> {
    if (this.available) return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        this.client.off('error', onError);
        settle();
      };
      const onReady = () => finish(() => resolve(true));
      const onError = (error: Error) => {
        if (!REFUSED_LOGIN.test(error.message)) return;
        const reason = `the server refused the login or database (${error.message})`;
        finish(() => reject(new StoreUnavailableError(this.backend, reason, { cause: error })));
      };
      const timer = setTimeout(() => finish(() => resolve(false)), timeoutMs);
      this.client.on('ready', onReady);
      this.client.on('error', onError);
    });
  }

  async put(kind: string, key: string, value: string, ttlMs: number, options: PutOptions = {}) {
    await this.call(() =>
      this.scripts.mcpPut(this.recordKey(kind, key), ...this.newRecordArgs(value, ttlMs, options.group)),
    );
  }

  async get(kind: string, key: string): Promise<StoredRecord | undefined> {
    const [value, used] = await this.call(() => this.client.hmget(this.recordKey(kind, key), 'v', 'u'));
    return typeof value === 'string' ? { value, used: used === '1' } : undefined;
  }

  async list(kind: string): Promise<ListedRecord[]> {
    const prefix = this.recordKey(kind, '');
    const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const listed: ListedRecord[] = [];
    let cursor = '0';
    do {
      const [next, names] = await this.call(() => this.client.scan(cursor, 'MATCH', match, 'COUNT', 500));
      cursor = next;
      for (const name of names) {
        // A record that expired or was deleted between the scan and the read is left out.
        const value = await this.call(() => this.client.hget(name, 'v'));
        if (typeof value === 'string') listed.push({ key: name.slice(prefix.length), value });
      }
    } while (cursor !== '0');
    return listed;
  }

  async update(kind: string, key: string, value: string): Promise<boolean> {
    return (await this.call(() => this.scripts.mcpUpdate(this.recordKey(kind, key), value))) === 1;
  }

  async delete(kind: string, key: string): Promise<boolean> {
    return (await this.consumeOnce(kind, key)) !== undefined;
  }

  async consumeOnce(kind: string, key: string): Promise<string | undefined> {
    const value = await this.call(() => this.scripts.mcpTake(this.recordKey(kind, key), this.groupKeyPrefix));
    return typeof value === 'string' ? value : undefined;
  }

  async useOnce(kind: string, key: string): Promise<UseOutcome> {
    return toOutcome(await this.call(() => this.scripts.mcpUseOnce(this.recordKey(kind, key))));
  }

  async rotate(kind: string, oldKey: string, next: NewRecord, spentValue?: string): Promise<UseOutcome> {
    const keys = [this.recordKey(kind, oldKey), this.recordKey(kind, next.key)];
    const spent = spentValue === undefined ? ['0', ''] : ['1', spentValue];
    const args = [...this.newRecordArgs(next.value, next.ttlMs, next.group), ...spent];
    return toOutcome(await this.call(() => this.scripts.mcpRotate(...keys, ...args)));
  }

  async deleteGroup(group: string): Promise<number> {
    return Number(await this.call(() => this.scripts.mcpDeleteGroup(this.groupKeyPrefix + group, group)));
  }

  async incrementBelow(counter: string, limit: number, ttlMs: number): Promise<number | undefined> {
    const key = `${this.prefix}counter:${counter}`;
    const count = await this.call(() => this.scripts.mcpIncrementBelow(key, limit, lifetime(ttlMs)));
    return typeof count === 'number' ? count : undefined;
  }

  async tryLock(name: string, ttlMs: number): Promise<StoreLock | undefined> {
    const key = `${this.prefix}lock:${name}`;
    const token = randomUUID();
    const taken = await this.call(() => this.client.set(key, token, 'PX', lifetime(ttlMs), 'NX'));
    if (taken !== 'OK') return undefined;
    return {
      release: async () => {
        await this.call(() => this.scripts.mcpReleaseLock(key, token));
      },
    };
  }

  async close(): Promise<void> {
    const connected = this.available;
    this.closed = true;
    try {
      if (connected) await this.client.quit();
    } catch {
      // Closing anyway: the connection is dropped below.
    } finally {
      this.client.disconnect();
    }
  }

  private get backend(): string {
    return `valkey at ${this.where}`;
  }

  private recordKey(kind: string, key: string): string {
    // The kind is escaped so that no ':' in it can make two (kind, key) pairs share a key name.
    return `${this.prefix}record:${encodeURIComponent(kind)}:${key}`;
  }

  private newRecordArgs(value: string, ttlMs: number, group: string | undefined) {
    return [value, lifetime(ttlMs), group === undefined ? '0' : '1', group ?? '', this.groupKeyPrefix];
  }

  /** Runs one command; connection trouble becomes StoreUnavailableError, with a reason people can act on. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (!(error instanceof Error) || !isUnavailability(error)) throw error;
      throw new StoreUnavailableError(this.backend, this.reasonFor(error), { cause: error });
    }
  }

  private reasonFor(error: Error): string {
    if (error.name === 'ReplyError') return error.message;
    if (error.message === 'Command timed out') return 'no answer in time';
    return this.unavailableReason ?? error.message;
  }

  private watchConnection(onChange: ValkeyStoreOptions['onAvailabilityChange']): void {
    // Without an 'error' listener the client prints every failed reconnection to the console.
    this.client.on('error', (error: Error) => {
      this.lastConnectionError = error.message;
    });
    const report = (available: boolean, reason: string) => {
      if (available === this.wasAvailable) return;
      this.wasAvailable = available;
      onChange?.(available, reason);
    };
    this.client.on('ready', () => report(true, `connected to ${this.where}`));
    this.client.on('close', () => report(false, `lost the connection to ${this.where}`));
  }
}

/** Connection trouble rather than a wrong request: the client's own errors and "not now" replies. */
function isUnavailability(error: Error): boolean {
  return error.name !== 'ReplyError' || UNAVAILABLE_REPLY.test(error.message);
}

function toOutcome(reply: unknown): UseOutcome {
  const [status, value] = reply as [string, string | undefined];
  if ((status === 'first' || status === 'replay') && value !== undefined) return { status, value };
  return { status: 'missing' };
}

/** PX and PEXPIRE take whole, positive milliseconds. */
function lifetime(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}

function describeServer(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  return parsed ? `${parsed.hostname}:${parsed.port || '6379'}` : 'the configured URL';
}
