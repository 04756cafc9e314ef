// team-b: a Postgres StatefulSet behind a headless service, guarded by a PDB and a NetworkPolicy,
// and a worker whose memory request no node can meet.
import type { KubeObject } from '../types.js';
import { clusterIPService, opaqueSecret, serviceAccount } from './core-objects.js';
import { deployment } from './deployments.js';
import { involving, podCreatedEvent, scaledReplicaSetEvent, seriesEvent } from './events.js';
import { WORKER_1 } from './nodes.js';
import { objectMeta } from './object-meta.js';
import type { PodAddresses } from './pod-addresses.js';
import { podTemplate } from './pods.js';
import { statefulSet } from './stateful-sets.js';
import { after, apiTime, before } from './timestamps.js';

const NAMESPACE = 'team-b';
const DB_LABELS = { app: 'db' };

// What the scheduler says when the control plane's taint and the workers' 8 GiB both rule a pod out.
const UNSCHEDULABLE_MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
  '2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
  '2 No preemption victims found for incoming pod.';

function dbTemplate() {
  return podTemplate(DB_LABELS, {
    containers: [
      {
        name: 'postgres',
        image: 'postgres:16',
        env: [
          {
            name: 'POSTGRES_PASSWORD',
            valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } },
          },
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        ],
        ports: [{ name: 'postgres', containerPort: 5432 }],
        resources: { limits: { memory: '1Gi' }, requests: { cpu: '250m', memory: '256Mi' } },
        volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
      },
    ],
  });
}

function workerTemplate() {
  return podTemplate(
    { app: 'worker' },
    {
      containers: [
        {
          name: 'worker',
          image: 'registry.example.com/team-b/worker:2.0.1',
          env: [{ name: 'DATABASE_HOST', value: 'db' }],
          // More than any node has: the reason the pod stays Pending.
          resources: { limits: { memory: '12Gi' }, requests: { cpu: '500m', memory: '12Gi' } },
        },
      ],
    },
  );
}

function dbDisruptionBudget(created: Date): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta({ name: 'db', namespace: NAMESPACE, created, generation: 1 }),
    spec: { minAvailable: 1, selector: { matchLabels: DB_LABELS } },
    status: {
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'False',
          lastTransitionTime: apiTime(after(created, { seconds: 20 })),
          message: '',
          observedGeneration: 1,
          reason: 'InsufficientPods',
        },
      ],
      currentHealthy: 1,
      desiredHealthy: 1,
      disruptionsAllowed: 0,
      expectedPods: 1,
      observedGeneration: 1,
    },
  };
}

/** Only the worker, and team-a's API, may reach the database. */
function dbIngressPolicy(created: Date): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta({ name: 'db-ingress', namespace: NAMESPACE, created, generation: 1 }),
    spec: {
      podSelector: { matchLabels: DB_LABELS },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'worker' } } },
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } },
              podSelector: { matchLabels: { app: 'api' } },
            },
          ],
          ports: [{ port: 5432, protocol: 'TCP' }],
        },
      ],
    },
  };
}

export function teamBObjects(created: Date, now: Date, addresses: PodAddresses): KubeObject[] {
  const config = (name: string) => ({ namespace: NAMESPACE, name, created: after(created, { seconds: 2 }) });
  const workerDeployed = before(now, { minutes: 14 });
  const worker = deployment({
    namespace: NAMESPACE,
    name: 'worker',
    created: workerDeployed,
    labels: { app: 'worker' },
    template: workerTemplate(),
    replicas: [{ created: workerDeployed, state: { kind: 'unschedulable', message: UNSCHEDULABLE_MESSAGE } }],
  });
  const [pendingPod] = worker.pods as [KubeObject];

  const events = [
    scaledReplicaSetEvent(worker.deployment, worker.replicaSet, { from: 0, to: 1 }, workerDeployed),
    podCreatedEvent(worker.replicaSet, pendingPod, workerDeployed),
    // The scheduler retries an unschedulable pod every five minutes and folds the repeats into a series.
    seriesEvent({
      about: involving(pendingPod),
      type: 'Warning',
      reason: 'FailedScheduling',
      message: UNSCHEDULABLE_MESSAGE,
      first: after(workerDeployed, { seconds: 0.02 }),
      action: 'Scheduling',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
      series: { count: 3, lastObservedTime: before(now, { minutes: 4 }) },
    }),
  ];

  return [
    serviceAccount(NAMESPACE, 'default', created),
    // Clearly fake demo value.
    opaqueSecret(config('db-credentials'), { password: 'not-a-real-password' }),
    clusterIPService({
      ...config('db'),
      selector: DB_LABELS,
      clusterIP: 'None',
      ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }],
    }),
    ...statefulSet({
      namespace: NAMESPACE,
      name: 'db',
      created: after(created, { seconds: 5 }),
      labels: DB_LABELS,
      serviceName: 'db',
      template: dbTemplate(),
      claimTemplate: { name: 'data', storage: '1Gi' },
      placements: [addresses.place(WORKER_1)],
    }),
    dbDisruptionBudget(after(created, { seconds: 5 })),
    dbIngressPolicy(after(created, { seconds: 5 })),
    worker.deployment,
    worker.replicaSet,
    pendingPod,
    ...events,
  ];
}
