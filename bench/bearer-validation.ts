// Benchmark 3: the cost of validating a bearer token (TokenService.verifyAccessToken over the
// RecordVault), with 1, 10,000 and 1,000,000 live tokens in the store, per storage backend, with
// and without an encryption key. It must not grow with the number of tokens.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenRecord } from '../src/oauth/token-records.js';
import { TokenService } from '../src/oauth/tokens.js';
import { UpstreamGrants } from '../src/oauth/upstream-grants.js';
import { AesGcmCipher, PLAINTEXT, type RecordCipher } from '../src/storage/encryption.js';
import { MemoryStore } from '../src/storage/memory/index.js';
import { RecordVault } from '../src/storage/record-vault.js';
import { secretKey } from '../src/storage/secret-keys.js';
import { SqliteStore } from '../src/storage/sqlite/index.js';
import type { Store } from '../src/storage/store.js';
import { ValkeyStore } from '../src/storage/valkey/index.js';
import { RedisServer } from '../test/helpers/redis-server.js';
import { markdownTable } from './lib/markdown.js';
import { benchOptions } from './lib/options.js';
import { type TargetVerdict, writeSection } from './lib/results-file.js';
import { fixed, ratio, summarize } from './lib/stats.js';

const { values: options } = benchOptions({
  options: {
    calls: { type: 'string', default: '20000' },
    'memory-sizes': { type: 'string', default: '1,10000,1000000' },
    // Filling SQLite and Valkey through the store API takes minutes per million records.
    'persistent-sizes': { type: 'string', default: '1,10000,100000' },
  },
});
const CALLS = Number(options.calls);
const sizes = (list: string) => list.split(',').map(Number);
const RESOURCE = 'https://mcp.example.com/mcp';
const HOUR_MS = 3_600_000;
/** Tokens whose plaintext the benchmark keeps, to present them; the rest exist only as records. */
const PRESENTED = 1000;
const FILL_BATCH = 2000;
/** A constant-time lookup still slows a little as its table outgrows the CPU caches. */
const FLAT_RATIO = 2;

interface Backend {
  name: string;
  sizes: number[];
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

function record(index: number): TokenRecord {
  const now = Date.now();
  return {
    clientId: `client-${index % 100}`,
    subject: `user-${index}`,
    scopes: ['mcp'],
    resource: RESOURCE,
    grantId: `grant-${index}`,
    issuedAt: now,
    expiresAt: now + HOUR_MS,
  };
}

/** `count` live access tokens, written through the store API; returns the tokens it can present. */
async function fill(vault: RecordVault, count: number): Promise<string[]> {
  const tokens = vault.collection<TokenRecord>('access-token');
  const presented: string[] = [];
  for (let start = 0; start < count; start += FILL_BATCH) {
    const writes: Promise<void>[] = [];
    for (let index = start; index < Math.min(count, start + FILL_BATCH); index++) {
      const token = randomBytes(32).toString('base64url');
      if (presented.length < PRESENTED) presented.push(token);
      writes.push(tokens.put(secretKey(token), record(index), HOUR_MS));
    }
    await Promise.all(writes);
  }
  return presented;
}

async function measure(service: TokenService, presented: string[]): Promise<number[]> {
  const micros: number[] = [];
  for (let i = 0; i < CALLS + 1000; i++) {
    const token = presented[i % presented.length] as string;
    const start = performance.now();
    await service.verifyAccessToken(token, [RESOURCE]);
    if (i >= 1000) micros.push((performance.now() - start) * 1000); // the first 1000 warm up
  }
  return micros;
}

const memory: Backend = {
  name: 'memory',
  sizes: sizes(options['memory-sizes']),
  async open() {
    const store = new MemoryStore({ maxRecords: 2_000_000 });
    return { store, close: () => store.close() };
  },
};

const sqlite: Backend = {
  name: 'SQLite (file, WAL)',
  sizes: sizes(options['persistent-sizes']),
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-sqlite-'));
    const store = new SqliteStore({ path: join(dir, 'oauth.db') });
    return {
      store,
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function valkey(server: RedisServer): Backend {
  return {
    name: 'Valkey/Redis (redis-server on loopback)',
    sizes: sizes(options['persistent-sizes']),
    async open() {
      const store = new ValkeyStore({
        url: server.url,
        keyPrefix: `bench-${randomBytes(4).toString('hex')}:`,
      });
      if (!(await store.waitUntilAvailable(10_000))) throw new Error(`${server.url} did not answer`);
      return { store, close: () => store.close() };
    },
  };
}

const ciphers: { name: string; cipher: RecordCipher }[] = [
  { name: 'no key', cipher: PLAINTEXT },
  { name: 'AES-256-GCM key', cipher: new AesGcmCipher(randomBytes(32)) },
];

const redis = await RedisServer.start().catch((error: unknown) => error as Error);
const backends = [memory, sqlite, ...(redis instanceof RedisServer ? [valkey(redis)] : [])];
const notes = redis instanceof RedisServer ? [] : [`Valkey/Redis: **skipped** (${redis.message})`];
const rows: string[][] = [];
const targets: TargetVerdict[] = [];
try {
  for (const backend of backends) {
    const growth: string[] = [];
    for (const { name: cipherName, cipher } of ciphers) {
      let smallest = Number.NaN;
      for (const size of backend.sizes) {
        const { store, close } = await backend.open();
        try {
          const vault = new RecordVault(store, cipher);
          const fillStart = performance.now();
          const presented = await fill(vault, size);
          const fillSeconds = (performance.now() - fillStart) / 1000;
          const service = new TokenService(vault, new UpstreamGrants(vault), {
            issuer: 'https://mcp.example.com',
          });
          const micros = summarize(await measure(service, presented));
          if (Number.isNaN(smallest)) smallest = micros.median;
          process.stderr.write(`${backend.name} ${cipherName} ${size}: ${fixed(micros.median, 2)} µs\n`);
          rows.push([
            backend.name,
            cipherName,
            size.toLocaleString('en'),
            fixed(micros.median, 2),
            fixed(micros.p99, 2),
            ratio(micros.median, smallest),
            fixed(fillSeconds, 1),
          ]);
          if (size === backend.sizes.at(-1)) growth.push(`${cipherName} ${ratio(micros.median, smallest)}`);
        } finally {
          await close();
        }
      }
    }
    const largest = (backend.sizes.at(-1) ?? 0).toLocaleString('en');
    const flat = growth.every((text) => Number.parseFloat(text.split(' ').at(-1) ?? '') <= FLAT_RATIO);
    targets.push({
      target: `bearer validation flat in the number of tokens (${backend.name})`,
      status: flat ? 'met' : 'missed',
      detail: `median at ${largest} tokens vs 1 token: ${growth.join(', ')} (flat = within ${FLAT_RATIO}x while the tokens grow ${largest}-fold: a lookup that scanned would grow with them; the rest is CPU-cache misses in a larger table)`,
    });
  }
} finally {
  if (redis instanceof RedisServer) await redis.dispose();
}
writeSection({
  name: 'bearer-validation',
  title: '3. Bearer validation (TokenService.verifyAccessToken)',
  body: [
    'In-process: `verifyAccessToken` (SHA-256 of the token, one store read, JSON parse, expiry and ' +
      'audience check; with a key, AES-256-GCM opening as well) over RecordVault and each Store backend, ' +
      `${CALLS} calls after 1000 warm-up calls, presenting ${PRESENTED} known tokens in turn among the ` +
      'live ones. The records are written through the store API (SealedCollection.put); "fill s" is how ' +
      'long that took. The HTTP bearer middleware adds header parsing on top; end to end, every HTTP ' +
      'call of section 1 carries a bearer token that our OAuth server issued.',
    ...notes,
    markdownTable(
      ['Backend', 'Encryption', 'live tokens', 'p50 µs', 'p99 µs', 'p50 vs 1 token', 'fill s'],
      rows,
    ),
  ].join('\n\n'),
  targets,
});
process.exit(0);
