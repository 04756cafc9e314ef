// A small cluster for the controller tests: a namespace, three kind-like nodes and kind's default
// storage class, written as the API would.
import { afterEach } from 'vitest';
import { prepareForCreate } from '../../../src/api/create-strategies.js';
import { admitCreate, mergeServerFields } from '../../../src/api/object-admission.js';
import type { GroupResource } from '../../../src/api/status.js';
import { groupResource, SimulatedCluster } from '../../../src/cluster.js';
import { type RunningControllers, startControllers } from '../../../src/controllers/index.js';
import { defaultStorageClass } from '../../../src/seed/storage.js';
import type { KubeObject, ResourceType } from '../../../src/types.js';

export const NAMESPACE = 'team-a';

function node(name: string, subnet: number, controlPlane: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(controlPlane && { 'node-role.kubernetes.io/control-plane': '' }),
      },
    },
    spec: {
      podCIDR: `10.244.${subnet}.0/24`,
      ...(controlPlane && {
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      }),
    },
    status: {
      addresses: [{ type: 'InternalIP', address: `172.18.0.${2 + subnet}` }],
      allocatable: { cpu: '4', memory: '8131520Ki', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** A kind-like control plane (tainted NoSchedule) and two workers. */
export function testNodes(): KubeObject[] {
  return [node('control-plane', 0, true), node('worker-1', 1, false), node('worker-2', 2, false)];
}

export interface TestCluster {
  cluster: SimulatedCluster;
  controllers: RunningControllers;
  resource(group: string, plural: string): ResourceType;
  create(group: string, plural: string, body: Record<string, unknown>): KubeObject;
  get(gr: GroupResource, name: string): KubeObject;
  list(gr: GroupResource): KubeObject[];
  /** Moves the cluster's clock on, so that what is created next is visibly newer. */
  advance(seconds: number): void;
  /** An update as a client sends it: spec edits bump generation, status stays. */
  edit(gr: GroupResource, name: string, change: (object: KubeObject) => void): KubeObject;
}

export function testCluster(objects: KubeObject[] = []): TestCluster {
  let clock = Date.now();
  const now = () => new Date(clock);
  const cluster = new SimulatedCluster({ now });
  cluster.load([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    ...testNodes(),
    defaultStorageClass(now()),
    ...objects,
  ]);
  const controllers = startControllers(cluster, { now, podStartDelayMs: 5 });
  const resource = (group: string, plural: string) => {
    const found = cluster.registry.all().find((r) => r.group === group && r.plural === plural);
    if (!found) throw new Error(`no resource ${plural}`);
    return found;
  };
  const get = (gr: GroupResource, name: string) => {
    const found = cluster.store.get(gr, NAMESPACE, name);
    if (!found) throw new Error(`no ${gr.resource} ${name}`);
    return found;
  };
  return {
    cluster,
    controllers,
    resource,
    create: (group, plural, body) => {
      const target = resource(group, plural);
      const admitted = admitCreate(target, structuredClone(body), NAMESPACE, false);
      prepareForCreate(target, admitted);
      return cluster.create(target, admitted);
    },
    get,
    list: (gr) => cluster.store.list(gr, NAMESPACE),
    advance: (seconds) => {
      clock += seconds * 1000;
    },
    edit: (gr, name, change) => {
      const current = get(gr, name);
      const next = structuredClone(current);
      change(next);
      next.status = current.status;
      return cluster.store.update(gr, mergeServerFields(current, next));
    },
  };
}

/** Starts test clusters for one test file; each one's controllers stop when its test ends. */
export function testClusterStarter(): (objects?: KubeObject[]) => TestCluster {
  let current: TestCluster | undefined;
  afterEach(() => current?.controllers.stop());
  return (objects = []) => {
    current = testCluster(objects);
    return current;
  };
}

export function deploymentBody(
  name: string,
  replicas: number,
  image = 'nginx:1.27',
): Record<string, unknown> {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name, image }] } },
    },
  };
}

export function resourceOf(cluster: SimulatedCluster, gr: GroupResource): ResourceType {
  const found = cluster.registry
    .all()
    .find((r) => groupResource(r).resource === gr.resource && r.group === gr.group);
  if (!found) throw new Error(`no resource ${gr.resource}`);
  return found;
}
