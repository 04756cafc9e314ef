import type { ResourceType } from '../types.js';

// The rows `kubectl api-resources` prints for a Kubernetes 1.36 cluster, for the kinds the
// simulator serves. Verbs, short names and categories match the real server's discovery.
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Row {
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: string[];
}

function groupVersion(group: string, version: string, rows: Row[]): ResourceType[] {
  return rows.map((row) => ({
    group,
    version,
    kind: row.kind,
    listKind: `${row.kind}List`,
    plural: row.plural,
    singular: row.kind.toLowerCase(),
    namespaced: row.namespaced,
    shortNames: row.shortNames ?? [],
    categories: row.categories ?? [],
    verbs: row.verbs ?? ALL_VERBS,
    subresources: row.subresources ?? [],
  }));
}

const WORKLOAD = ['all'];
const REVIEW_VERBS = ['create'];

export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  ...groupVersion('', 'v1', [
    {
      kind: 'ComponentStatus',
      plural: 'componentstatuses',
      namespaced: false,
      shortNames: ['cs'],
      verbs: ['get', 'list'],
    },
    { kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] },
    { kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'] },
    { kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] },
    {
      kind: 'Namespace',
      plural: 'namespaces',
      namespaced: false,
      shortNames: ['ns'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: ['finalize', 'status'],
    },
    {
      kind: 'Node',
      plural: 'nodes',
      namespaced: false,
      shortNames: ['no'],
      subresources: ['proxy', 'status'],
    },
    {
      kind: 'PersistentVolumeClaim',
      plural: 'persistentvolumeclaims',
      namespaced: true,
      shortNames: ['pvc'],
      subresources: ['status'],
    },
    {
      kind: 'PersistentVolume',
      plural: 'persistentvolumes',
      namespaced: false,
      shortNames: ['pv'],
      subresources: ['status'],
    },
    {
      kind: 'Pod',
      plural: 'pods',
      namespaced: true,
      shortNames: ['po'],
      categories: WORKLOAD,
      subresources: [
        'attach',
        'binding',
        'ephemeralcontainers',
        'eviction',
        'exec',
        'log',
        'portforward',
        'proxy',
        'status',
      ],
    },
    { kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'] },
    {
      kind: 'ResourceQuota',
      plural: 'resourcequotas',
      namespaced: true,
      shortNames: ['quota'],
      subresources: ['status'],
    },
    { kind: 'Secret', plural: 'secrets', namespaced: true },
    {
      kind: 'ServiceAccount',
      plural: 'serviceaccounts',
      namespaced: true,
      shortNames: ['sa'],
      subresources: ['token'],
    },
    {
      kind: 'Service',
      plural: 'services',
      namespaced: true,
      shortNames: ['svc'],
      categories: WORKLOAD,
      subresources: ['proxy', 'status'],
    },
  ]),
  ...groupVersion('apps', 'v1', [
    { kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true },
    {
      kind: 'DaemonSet',
      plural: 'daemonsets',
      namespaced: true,
      shortNames: ['ds'],
      categories: WORKLOAD,
      subresources: ['status'],
    },
    {
      kind: 'Deployment',
      plural: 'deployments',
      namespaced: true,
      shortNames: ['deploy'],
      categories: WORKLOAD,
      subresources: ['scale', 'status'],
    },
    {
      kind: 'ReplicaSet',
      plural: 'replicasets',
      namespaced: true,
      shortNames: ['rs'],
      categories: WORKLOAD,
      subresources: ['scale', 'status'],
    },
    {
      kind: 'StatefulSet',
      plural: 'statefulsets',
      namespaced: true,
      shortNames: ['sts'],
      categories: WORKLOAD,
      subresources: ['scale', 'status'],
    },
  ]),
  ...groupVersion('authentication.k8s.io', 'v1', [
    { kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, verbs: REVIEW_VERBS },
  ]),
  ...groupVersion('authorization.k8s.io', 'v1', [
    {
      kind: 'SelfSubjectAccessReview',
      plural: 'selfsubjectaccessreviews',
      namespaced: false,
      verbs: REVIEW_VERBS,
    },
    {
      kind: 'SelfSubjectRulesReview',
      plural: 'selfsubjectrulesreviews',
      namespaced: false,
      verbs: REVIEW_VERBS,
    },
  ]),
  ...groupVersion('batch', 'v1', [
    {
      kind: 'CronJob',
      plural: 'cronjobs',
      namespaced: true,
      shortNames: ['cj'],
      categories: WORKLOAD,
      subresources: ['status'],
    },
    { kind: 'Job', plural: 'jobs', namespaced: true, categories: WORKLOAD, subresources: ['status'] },
  ]),
  // Stored as v2 (the preferred version, listed first); v1 is served by conversion (api/version-conversion.ts).
  ...(['v2', 'v1'] as const).flatMap((version) =>
    groupVersion('autoscaling', version, [
      {
        kind: 'HorizontalPodAutoscaler',
        plural: 'horizontalpodautoscalers',
        namespaced: true,
        shortNames: ['hpa'],
        categories: WORKLOAD,
        subresources: ['status'],
      },
    ]),
  ),
  ...groupVersion('discovery.k8s.io', 'v1', [
    { kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true },
  ]),
  ...groupVersion('networking.k8s.io', 'v1', [
    { kind: 'IngressClass', plural: 'ingressclasses', namespaced: false },
    { kind: 'Ingress', plural: 'ingresses', namespaced: true, shortNames: ['ing'], subresources: ['status'] },
    { kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, shortNames: ['netpol'] },
  ]),
  ...groupVersion('policy', 'v1', [
    {
      kind: 'PodDisruptionBudget',
      plural: 'poddisruptionbudgets',
      namespaced: true,
      shortNames: ['pdb'],
      subresources: ['status'],
    },
  ]),
  ...groupVersion('scheduling.k8s.io', 'v1', [
    { kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'] },
  ]),
  ...groupVersion('storage.k8s.io', 'v1', [
    { kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'] },
  ]),
  ...groupVersion('rbac.authorization.k8s.io', 'v1', [
    { kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
    { kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
    { kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
    { kind: 'Role', plural: 'roles', namespaced: true },
  ]),
  ...groupVersion('apiextensions.k8s.io', 'v1', [
    {
      kind: 'CustomResourceDefinition',
      plural: 'customresourcedefinitions',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      subresources: ['status'],
    },
  ]),
];

/** Reviews are answered, never stored. */
export function isReviewResource(resource: ResourceType): boolean {
  return resource.verbs.length === 1 && resource.verbs[0] === 'create';
}
