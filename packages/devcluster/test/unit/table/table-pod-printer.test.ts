import { describe, expect, it } from 'vitest';
import { podPrinter } from '../../../src/table/pod-printer.js';
import type { KubeObject } from '../../../src/types.js';

const now = new Date('2025-01-10T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, metadata = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: minutesAgo(60), ...metadata },
    spec: { containers: [{ name: 'app' }], ...spec },
    status,
  };
}

/** READY, STATUS and RESTARTS, the cells these tests are about. */
function summary(object: KubeObject): unknown[] {
  return podPrinter.cells(object, now).slice(1, 4);
}

const running = { running: { startedAt: minutesAgo(50) } };

describe('pod table rows', () => {
  it('shows a running pod with every container ready', () => {
    const object = pod(
      { containers: [{ name: 'app' }, { name: 'proxy' }] },
      {
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 0, state: running },
          { name: 'proxy', ready: true, restartCount: 0, state: running },
        ],
      },
    );
    expect(podPrinter.cells(object, now).slice(0, 5)).toEqual(['web', '2/2', 'Running', '0', '60m']);
  });

  it('shows a crash-looping container with its restarts and when it last restarted', () => {
    const object = pod(
      {},
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 5,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: minutesAgo(2) } },
          },
        ],
      },
    );
    expect(summary(object)).toEqual(['0/1', 'CrashLoopBackOff', '5 (2m ago)']);
  });

  it('shows a pending pod by its phase, then by the reason its container waits', () => {
    expect(summary(pod({}, { phase: 'Pending' }))).toEqual(['0/1', 'Pending', '0']);
    const creating = pod(
      {},
      {
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }],
      },
    );
    expect(summary(creating)).toEqual(['0/1', 'ContainerCreating', '0']);
  });

  it('shows a succeeded pod as Completed and marks its row completed', () => {
    const object = pod(
      {},
      {
        phase: 'Succeeded',
        containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      },
    );
    expect(summary(object)).toEqual(['0/1', 'Completed', '0']);
    expect(podPrinter.conditions?.(object)).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });

  it('names a termination without a reason by its signal or exit code', () => {
    const killed = pod(
      {},
      { phase: 'Running', containerStatuses: [{ name: 'app', state: { terminated: { signal: 9 } } }] },
    );
    const exited = pod(
      {},
      { phase: 'Running', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 3 } } }] },
    );
    expect(summary(killed)[1]).toBe('Signal:9');
    expect(summary(exited)[1]).toBe('ExitCode:3');
  });

  it('shows a pod being deleted as Terminating, or Unknown when its node is lost', () => {
    const status = { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: running }] };
    const deleting = pod({}, status, { deletionTimestamp: minutesAgo(1) });
    expect(summary(deleting)).toEqual(['1/1', 'Terminating', '0']);
    const nodeLost = pod({}, { ...status, reason: 'NodeLost' }, { deletionTimestamp: minutesAgo(1) });
    expect(summary(nodeLost)[1]).toBe('Unknown');
  });

  it('shows which init container a pod is waiting for', () => {
    const object = pod(
      { initContainers: [{ name: 'migrate' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'migrate', state: running }],
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    );
    expect(summary(object)).toEqual(['0/1', 'Init:0/1', '0']);
  });

  it('prefixes an init container failure with Init:', () => {
    const object = pod(
      { initContainers: [{ name: 'migrate' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'migrate', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    );
    expect(summary(object)).toEqual(['0/1', 'Init:CrashLoopBackOff', '2']);
  });

  it('counts a started sidecar init container among the ready containers', () => {
    const object = pod(
      { initContainers: [{ name: 'mesh', restartPolicy: 'Always' }] },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 'mesh', started: true, ready: true, restartCount: 1, state: running },
        ],
        containerStatuses: [{ name: 'app', ready: true, state: running }],
      },
    );
    expect(summary(object)).toEqual(['2/2', 'Running', '1']);
  });

  it('fills the -o wide cells, with <none> where a value is unset', () => {
    const scheduled = pod(
      { nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/ready' }] },
      {
        phase: 'Running',
        podIPs: [{ ip: '10.0.0.7' }],
        conditions: [{ type: 'example.com/ready', status: 'True' }],
      },
    );
    expect(podPrinter.cells(scheduled, now).slice(5)).toEqual(['10.0.0.7', 'node-1', '<none>', '1/1']);
    expect(podPrinter.cells(pod({}, {}), now).slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('declares the columns kubectl prints, the last four only for -o wide', () => {
    expect(podPrinter.columns.map((column) => [column.name, column.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    expect(podPrinter.columns[0]?.format).toBe('name');
  });
});
