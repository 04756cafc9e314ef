import { describe, expect, it } from 'vitest';
import {
  formatCpu,
  formatMemory,
  parseQuantity,
  percentOf,
} from '../../../../src/tools/metrics/quantities.js';
import { nodeRows, podRows, sortRows } from '../../../../src/tools/metrics/top-rows.js';

describe('resource quantities', () => {
  it.each([
    ['250m', 0.25],
    ['1.5', 1.5],
    ['123456789n', 0.123456789],
    ['64Mi', 64 * 2 ** 20],
    ['8131520Ki', 8_131_520 * 1024],
    ['1e3', 1000],
    ['2E', 2e18],
    ['500M', 5e8],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 9);
  });

  it('refuses what is not a quantity, and prints as kubectl top does', () => {
    for (const text of ['', 'lots', '12 Mi', '1.2.3', undefined]) expect(parseQuantity(text)).toBeUndefined();
    expect(formatCpu(46)).toBe('46m');
    expect(formatMemory(40 * 2 ** 20 + 300_000)).toBe('40Mi');
    expect(percentOf(23, 50)).toBe(46);
    expect(percentOf(23, undefined)).toBeUndefined();
    expect(percentOf(23, 0)).toBeUndefined();
  });
});

const pod = (name: string, containers: { name: string; resources?: object }[]) => ({
  metadata: { name, namespace: 'team-a' },
  spec: { containers },
});
const metrics = (name: string, usage: [string, string, string][]) => ({
  metadata: { name, namespace: 'team-a' },
  containers: usage.map(([container, cpu, memory]) => ({ name: container, usage: { cpu, memory } })),
});

describe('top rows', () => {
  const pods = [
    pod('web', [
      { name: 'app', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
      { name: 'sidecar', resources: { requests: { cpu: '10m' }, limits: { cpu: '20m', memory: '32Mi' } } },
    ]),
    pod('bare', [{ name: 'main' }]),
  ];
  const usage = [
    metrics('web', [
      ['app', '40000000n', '30Mi'],
      ['sidecar', '5m', '10Mi'],
    ]),
    metrics('bare', [['main', '90m', '5Mi']]),
    metrics('gone', [['main', '1m', '1Mi']]),
  ];

  it('sums a pod: requests of the containers that set them, a limit only when every container sets one', () => {
    const rows = podRows(usage, pods, false);
    expect(rows[0]).toEqual({
      name: 'web',
      namespace: 'team-a',
      cpu: { used: 45, request: 110 },
      memory: { used: 40 * 2 ** 20, request: 64 * 2 ** 20, limit: 160 * 2 ** 20 },
    });
    expect(rows[1]).toEqual({
      name: 'bare',
      namespace: 'team-a',
      cpu: { used: 90 },
      memory: { used: 5 * 2 ** 20 },
    });
    // A pod deleted between the two reads: its usage, no bounds.
    expect(rows[2]).toEqual({
      name: 'gone',
      namespace: 'team-a',
      cpu: { used: 1 },
      memory: { used: 2 ** 20 },
    });
  });

  it('gives each container its own bounds, and sorts heaviest first with stable ties', () => {
    const rows = podRows(usage, pods, true);
    expect(rows.find((row) => row.container === 'sidecar')).toEqual({
      name: 'web',
      namespace: 'team-a',
      container: 'sidecar',
      cpu: { used: 5, request: 10, limit: 20 },
      memory: { used: 10 * 2 ** 20, limit: 32 * 2 ** 20 },
    });
    expect(sortRows(rows, 'cpu').map((row) => row.container ?? row.name)).toEqual([
      'main',
      'app',
      'sidecar',
      'main',
    ]);
    expect(sortRows(rows, 'memory').map((row) => row.container)).toEqual(['app', 'sidecar', 'main', 'main']);
  });

  it('puts nodes beside their allocatable', () => {
    const rows = nodeRows(
      [{ metadata: { name: 'worker-1' }, usage: { cpu: '250000000n', memory: '1Gi' } }],
      [{ metadata: { name: 'worker-1' }, status: { allocatable: { cpu: '4', memory: '8Gi' } } }],
    );
    expect(rows).toEqual([
      {
        name: 'worker-1',
        cpu: { used: 250, allocatable: 4000 },
        memory: { used: 2 ** 30, allocatable: 8 * 2 ** 30 },
      },
    ]);
  });
});
