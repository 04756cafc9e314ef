import { describe, expect, it } from 'vitest';
import { humanLogStream } from '../../../src/observability/human-log-stream.js';
import { instrumentStore } from '../../../src/observability/instrument-store.js';
import { createLogger } from '../../../src/observability/logger.js';
import { ServerMetrics } from '../../../src/observability/metrics.js';
import { MemoryStore } from '../../../src/storage/memory/memory-store.js';

describe('the logger', () => {
  it('redacts credentials wherever a logged object holds them', () => {
    const lines: string[] = [];
    const logger = createLogger(
      { logLevel: 'info', debug: false },
      { write: (line) => void lines.push(line) },
    );
    logger.info(
      {
        token: 'tok-1',
        req: { headers: { authorization: 'Bearer tok-2', cookie: 'sid=tok-3' } },
        grant: { refresh_token: 'tok-4', client: { client_secret: 'tok-5' } },
        err: { code: 'ECONNREFUSED' },
      },
      'something happened',
    );
    const line = lines.join('');
    expect(line).not.toMatch(/tok-\d/);
    expect(line).toContain('"authorization":"[redacted]"');
    expect(line).toContain('"code":"ECONNREFUSED"');
  });

  it('--debug lowers the level to debug whatever --log-level says', () => {
    const lines: string[] = [];
    const logger = createLogger(
      { logLevel: 'warn', debug: true },
      { write: (line) => void lines.push(line) },
    );
    logger.debug('visible');
    expect(lines).toHaveLength(1);
  });

  it('renders JSON lines compactly for a terminal', () => {
    let text = '';
    const stream = humanLogStream({ write: (chunk: string) => (text += chunk) });
    stream.write(
      `${JSON.stringify({ level: 40, time: 0, msg: 'slow answer', route: '/mcp', durationMs: 12 })}\n`,
    );
    expect(text).toBe('00:00:00.000 WARN  slow answer route=/mcp durationMs=12\n');
  });
});

describe('instrumentStore', () => {
  it('times every store operation by name and outcome, and behaves as the store', async () => {
    const metrics = new ServerMetrics();
    const store = instrumentStore(new MemoryStore(), metrics);
    await store.put('client', 'k', 'v', 60_000);
    expect(await store.get('client', 'k')).toEqual({ value: 'v', used: false });
    expect(await store.consumeOnce('client', 'k')).toBe('v');
    const text = (await metrics.scrape()).text;
    for (const operation of ['put', 'get', 'consumeOnce']) {
      expect(text).toContain(
        `mcp_kubernetes_store_operation_duration_seconds_count{operation="${operation}",outcome="ok"} 1`,
      );
    }
    await store.close();
  });
});
