import { describe, expect, it } from 'vitest';
import { eventPrinter } from '../../../src/table/event-printer.js';
import { nodePrinter } from '../../../src/table/node-printer.js';
import { roleBindingPrinter } from '../../../src/table/rbac-printers.js';
import { servicePrinter } from '../../../src/table/service-printer.js';
import { persistentVolumeClaimPrinter } from '../../../src/table/storage-printers.js';
import { cronJobPrinter, deploymentPrinter, jobPrinter } from '../../../src/table/workload-printers.js';
import type { KubeObject } from '../../../src/types.js';

const now = new Date('2025-01-10T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

function object(
  kind: string,
  fields: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name: 'example', creationTimestamp: minutesAgo(30), ...metadata },
    ...fields,
  };
}

const columnNames = (columns: { name: string }[]) => columns.map((column) => column.name);

describe('node table rows', () => {
  it('lists roles from node-role labels and the legacy role label, sorted', () => {
    const node = object(
      'Node',
      {
        status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.36.0' } },
      },
      {
        labels: {
          'node-role.kubernetes.io/worker': '',
          'node-role.kubernetes.io/control-plane': '',
          'kubernetes.io/role': 'edge',
        },
      },
    );
    expect(nodePrinter.cells(node, now).slice(0, 5)).toEqual([
      'example',
      'Ready',
      'control-plane,edge,worker',
      '30m',
      'v1.36.0',
    ]);
  });

  it('shows <none> for a node without roles and adds SchedulingDisabled when cordoned', () => {
    const cordoned = object('Node', {
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    });
    expect(nodePrinter.cells(cordoned, now).slice(1, 3)).toEqual(['NotReady,SchedulingDisabled', '<none>']);
    expect(nodePrinter.cells(object('Node', {}), now)[1]).toBe('Unknown');
  });

  it('fills the -o wide addresses and system information', () => {
    const node = object('Node', {
      status: {
        addresses: [
          { type: 'Hostname', address: 'node-1' },
          { type: 'InternalIP', address: '192.168.1.2' },
        ],
        nodeInfo: { osImage: 'Debian GNU/Linux 12 (bookworm)' },
      },
    });
    expect(nodePrinter.cells(node, now).slice(5)).toEqual([
      '192.168.1.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '<unknown>',
      '<unknown>',
    ]);
  });
});

describe('service table rows', () => {
  it('prints ports with node ports and protocols', () => {
    const service = object('Service', {
      spec: {
        type: 'NodePort',
        clusterIPs: ['10.96.0.10'],
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 443, nodePort: 30443, protocol: 'TCP' },
        ],
        selector: { tier: 'web', app: 'shop' },
      },
    });
    expect(servicePrinter.cells(service, now)).toEqual([
      'example',
      'NodePort',
      '10.96.0.10',
      '<none>',
      '80/TCP,443:30443/TCP',
      '30m',
      'app=shop,tier=web',
    ]);
  });

  it('shows a load balancer without an address as pending, and its addresses once assigned', () => {
    const pending = object('Service', { spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.11'] } });
    expect(servicePrinter.cells(pending, now)[3]).toBe('<pending>');
    const assigned = object('Service', {
      spec: { type: 'LoadBalancer', externalIPs: ['198.51.100.9'] },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'lb.example.com' }] } },
    });
    expect(servicePrinter.cells(assigned, now)[3]).toBe('203.0.113.5,lb.example.com,198.51.100.9');
  });

  it('shows an ExternalName service by its external name, with <none> ports and selector', () => {
    const external = object('Service', { spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    expect(servicePrinter.cells(external, now)).toEqual([
      'example',
      'ExternalName',
      '<none>',
      'db.example.com',
      '<none>',
      '30m',
      '<none>',
    ]);
  });
});

describe('workload table rows', () => {
  it('shows a deployment as ready/desired with up-to-date and available counts', () => {
    const deployment = object('Deployment', {
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'shop' },
          matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }],
        },
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'shop:1' },
              { name: 'proxy', image: 'envoy:1' },
            ],
          },
        },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    expect(columnNames(deploymentPrinter.columns)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(deploymentPrinter.cells(deployment, now)).toEqual([
      'example',
      '2/3',
      3,
      2,
      '30m',
      'app,proxy',
      'shop:1,envoy:1',
      'app=shop,env in (dev,prod)',
    ]);
  });

  it('reports a finished job as Complete with how long it ran', () => {
    const job = object('Job', {
      spec: { completions: 1, template: { spec: { containers: [{ name: 'task', image: 'busybox' }] } } },
      status: {
        succeeded: 1,
        startTime: minutesAgo(20),
        completionTime: minutesAgo(18),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    });
    expect(jobPrinter.cells(job, now).slice(0, 5)).toEqual(['example', 'Complete', '1/1', '2m', '30m']);
  });

  it('counts a work-queue job against one completion and shows its parallelism', () => {
    const job = object('Job', {
      spec: { parallelism: 3 },
      status: { succeeded: 0, startTime: minutesAgo(5) },
    });
    expect(jobPrinter.cells(job, now).slice(1, 4)).toEqual(['Running', '0/1 of 3', '5m']);
  });

  it('shows a cron job never scheduled with <none> and its time zone', () => {
    const cronJob = object('CronJob', {
      spec: { schedule: '*/5 * * * *', timeZone: 'Etc/UTC', suspend: false },
    });
    expect(cronJobPrinter.cells(cronJob, now).slice(0, 7)).toEqual([
      'example',
      '*/5 * * * *',
      'Etc/UTC',
      'False',
      0,
      '<none>',
      '30m',
    ]);
  });
});

describe('other built-in kinds', () => {
  it('orders event columns as the real server does and fills them from the event', () => {
    expect(eventPrinter.columns.map((column) => [column.name, column.priority])).toEqual([
      ['Last Seen', 0],
      ['Type', 0],
      ['Reason', 0],
      ['Object', 0],
      ['Subobject', 1],
      ['Source', 1],
      ['Message', 0],
      ['First Seen', 1],
      ['Count', 1],
      ['Name', 1],
    ]);
    const event = object('Event', {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container\n',
      count: 4,
      firstTimestamp: minutesAgo(10),
      lastTimestamp: minutesAgo(1),
      involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{app}' },
      source: { component: 'kubelet', host: 'node-1' },
    });
    expect(eventPrinter.cells(event, now)).toEqual([
      '60s',
      'Warning',
      'BackOff',
      'pod/web',
      'spec.containers{app}',
      'kubelet, node-1',
      'Back-off restarting failed container',
      '10m',
      4,
      'example',
    ]);
  });

  it('shows a bound claim with capacity and access modes, an unbound one without', () => {
    const bound = object('PersistentVolumeClaim', {
      spec: { volumeName: 'pv-1', storageClassName: 'standard' },
      status: {
        phase: 'Bound',
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
      },
    });
    expect(persistentVolumeClaimPrinter.cells(bound, now)).toEqual([
      'example',
      'Bound',
      'pv-1',
      '1Gi',
      'RWO,RWX',
      'standard',
      '<unset>',
      '30m',
      '<unset>',
    ]);
    const pending = object('PersistentVolumeClaim', { spec: {}, status: { phase: 'Pending' } });
    expect(persistentVolumeClaimPrinter.cells(pending, now).slice(1, 5)).toEqual(['Pending', '', '', '']);
  });

  it('shows a role binding as Kind/name with its subjects in the -o wide columns', () => {
    const binding = object('RoleBinding', {
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
        { kind: 'User', name: 'bob' },
      ],
    });
    expect(roleBindingPrinter.cells(binding, now)).toEqual([
      'example',
      'ClusterRole/view',
      '30m',
      'alice, bob',
      'devs',
      'ci/builder',
    ]);
  });
});
