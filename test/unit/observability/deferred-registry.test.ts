import { describe, expect, it } from 'vitest';
import { DeferredRegistry } from '../../../src/observability/deferred-registry.js';

async function exposition(registry: DeferredRegistry): Promise<string> {
  return (await registry.load()).metrics();
}

/** The metric names of an exposition, in the order it lists them. */
function names(text: string): string[] {
  return [...text.matchAll(/^# HELP (\S+)/gm)].map((match) => match[1] ?? '');
}

describe('DeferredRegistry', () => {
  it('counts what was recorded before prom-client was loaded', async () => {
    const registry = new DeferredRegistry();
    const calls = registry.counter({ name: 'calls_total', help: 'calls', labelNames: ['tool'] as const });
    const latency = registry.histogram({ name: 'latency_seconds', help: 'latency', buckets: [0.1, 1] });
    const inFlight = registry.gauge({ name: 'in_flight', help: 'in flight' });
    calls.inc({ tool: 'get' });
    calls.inc({ tool: 'get' }, 2);
    calls.inc({ tool: 'list' });
    latency.observe({}, 0.05);
    latency.observe({}, 0.5);
    inFlight.inc();
    inFlight.inc();
    inFlight.dec();
    const text = await exposition(registry);
    expect(text).toContain('calls_total{tool="get"} 3');
    expect(text).toContain('calls_total{tool="list"} 1');
    expect(text).toContain('latency_seconds_bucket{le="0.1"} 1');
    expect(text).toContain('latency_seconds_count 2');
    expect(text).toContain('in_flight 1');
  });

  it('drops records once told to, before and after prom-client is loaded, and still shows its metrics', async () => {
    const registry = new DeferredRegistry();
    const calls = registry.counter({ name: 'calls_total', help: 'calls' });
    const latency = registry.histogram({ name: 'latency_seconds', help: 'latency', buckets: [0.1, 1] });
    registry.discardRecords();
    calls.inc();
    latency.observe({}, 0.05);
    expect(latency.startTimer()()).toBeGreaterThanOrEqual(0);
    const text = await exposition(registry);
    expect(names(text)).toEqual(['calls_total', 'latency_seconds']);
    calls.inc();
    expect((await calls.get()).values).toEqual([{ labels: {}, value: 0 }]);
    expect(await exposition(registry)).toContain('latency_seconds_count 0');
  });

  it('lists the metrics in the order they were defined, not the order of their first records', async () => {
    const registry = new DeferredRegistry();
    const first = registry.counter({ name: 'first_total', help: 'first' });
    const second = registry.counter({ name: 'second_total', help: 'second' });
    second.inc();
    first.inc();
    registry.gauge({ name: 'defined_while_loading', help: 'late' });
    expect(names(await exposition(registry))).toEqual([
      'first_total',
      'second_total',
      'defined_while_loading',
    ]);
  });

  it('records at once once loaded, and registers a metric defined afterwards', async () => {
    const registry = new DeferredRegistry();
    const calls = registry.counter({ name: 'calls_total', help: 'calls' });
    await registry.load();
    calls.inc();
    expect((await calls.get()).values).toEqual([{ labels: {}, value: 1 }]);
    const late = registry.counter({ name: 'late_total', help: 'late' });
    late.inc({}, 4);
    expect(await exposition(registry)).toContain('late_total 4');
  });

  it('observes the seconds from startTimer to its end, with the labels of both', async () => {
    const registry = new DeferredRegistry();
    const operations = registry.histogram({
      name: 'operation_seconds',
      help: 'operations',
      labelNames: ['operation', 'outcome'] as const,
      buckets: [60],
    });
    const stop = operations.startTimer({ operation: 'put' });
    const seconds = stop({ outcome: 'ok' });
    expect(seconds).toBeGreaterThan(0);
    const text = await exposition(registry);
    expect(text).toContain('operation_seconds_count{operation="put",outcome="ok"} 1');
    expect(text).toContain(`operation_seconds_sum{operation="put",outcome="ok"} ${seconds}`);
  });

  it('imports prom-client once, however many records and reads wait for it', async () => {
    const registry = new DeferredRegistry();
    const [a, b] = await Promise.all([registry.load(), registry.load()]);
    expect(a).toBe(b);
    expect(await registry.load()).toBe(a);
  });
});
