// The default ClusterRoles and ClusterRoleBindings kube-apiserver writes at start-up
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy), with admin/edit/view already filled in the
// way the clusterrole-aggregation controller leaves them on a running cluster.

import type { KubeObject } from '../types.js';
import type { PolicyRule } from './rbac-authorizer.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const read = ['get', 'list', 'watch'];
const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const readWrite = [...read, ...write];
const aggregateToAdmin = 'rbac.authorization.k8s.io/aggregate-to-admin';
const aggregateToEdit = 'rbac.authorization.k8s.io/aggregate-to-edit';
const aggregateToView = 'rbac.authorization.k8s.io/aggregate-to-view';

// The policy builder sorts every list, so the stored rules are sorted too.
function sorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function resourceRule(
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  resourceNames?: string[],
): PolicyRule {
  const rule: PolicyRule = {
    verbs: sorted(verbs),
    apiGroups: sorted(apiGroups),
    resources: sorted(resources),
  };
  if (resourceNames) rule.resourceNames = sorted(resourceNames);
  return rule;
}

function urlRule(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs: sorted(verbs), nonResourceURLs: sorted(nonResourceURLs) };
}

function defaultMetadata(name: string, extraLabels: Record<string, string> = {}) {
  return {
    name,
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...extraLabels },
    annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
  };
}

function clusterRole(name: string, rules: PolicyRule[], extraLabels?: Record<string, string>): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRole',
    metadata: defaultMetadata(name, extraLabels),
    rules,
  };
}

function aggregatedClusterRole(
  name: string,
  selectorLabel: string,
  extraLabels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRole',
    metadata: defaultMetadata(name, extraLabels),
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [selectorLabel]: 'true' } }] },
    rules: [],
  };
}

function clusterRoleBinding(name: string, groups: string[]): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: defaultMetadata(name),
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name },
    subjects: groups.map((group) => ({ apiGroup: rbacGroup, kind: 'Group', name: group })),
  };
}

function bootstrapClusterRoles(): KubeObject[] {
  return [
    aggregatedClusterRole('admin', aggregateToAdmin),
    clusterRole('cluster-admin', [resourceRule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])]),
    aggregatedClusterRole('edit', aggregateToEdit, { [aggregateToAdmin]: 'true' }),
    clusterRole(
      'system:aggregate-to-admin',
      [
        resourceRule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
        resourceRule(readWrite, [rbacGroup], ['roles', 'rolebindings']),
      ],
      { [aggregateToAdmin]: 'true' },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        // Reading these can escalate (secrets, exec), so view does not have them.
        resourceRule(
          read,
          [''],
          ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy'],
        ),
        resourceRule(['impersonate'], [''], ['serviceaccounts']),
        resourceRule(write, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
        resourceRule(['create'], [''], ['pods/eviction']),
        resourceRule(
          write,
          [''],
          [
            'replicationcontrollers',
            'replicationcontrollers/scale',
            'serviceaccounts',
            'services',
            'services/proxy',
            'persistentvolumeclaims',
            'configmaps',
            'secrets',
            'events',
          ],
        ),
        resourceRule(['create'], [''], ['serviceaccounts/token']),
        resourceRule(
          write,
          ['apps'],
          [
            'statefulsets',
            'statefulsets/scale',
            'daemonsets',
            'deployments',
            'deployments/scale',
            'deployments/rollback',
            'replicasets',
            'replicasets/scale',
          ],
        ),
        resourceRule(write, ['autoscaling'], ['horizontalpodautoscalers']),
        resourceRule(write, ['batch'], ['jobs', 'cronjobs']),
        resourceRule(
          write,
          ['extensions'],
          [
            'daemonsets',
            'deployments',
            'deployments/scale',
            'deployments/rollback',
            'ingresses',
            'replicasets',
            'replicasets/scale',
            'replicationcontrollers/scale',
            'networkpolicies',
          ],
        ),
        resourceRule(write, ['policy'], ['poddisruptionbudgets']),
        resourceRule(write, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
        resourceRule(readWrite, ['coordination.k8s.io'], ['leases']),
      ],
      { [aggregateToEdit]: 'true' },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        resourceRule(
          read,
          [''],
          [
            'pods',
            'replicationcontrollers',
            'replicationcontrollers/scale',
            'serviceaccounts',
            'services',
            'services/status',
            'endpoints',
            'persistentvolumeclaims',
            'persistentvolumeclaims/status',
            'configmaps',
          ],
        ),
        resourceRule(
          read,
          [''],
          [
            'limitranges',
            'resourcequotas',
            'bindings',
            'events',
            'pods/status',
            'resourcequotas/status',
            'namespaces/status',
            'replicationcontrollers/status',
            'pods/log',
          ],
        ),
        // Reading namespaces through a RoleBinding only reveals that one namespace.
        resourceRule(read, [''], ['namespaces']),
        resourceRule(read, ['discovery.k8s.io'], ['endpointslices']),
        resourceRule(
          read,
          ['apps'],
          [
            'controllerrevisions',
            'statefulsets',
            'statefulsets/status',
            'statefulsets/scale',
            'daemonsets',
            'daemonsets/status',
            'deployments',
            'deployments/status',
            'deployments/scale',
            'replicasets',
            'replicasets/status',
            'replicasets/scale',
          ],
        ),
        resourceRule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
        resourceRule(read, ['batch'], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
        resourceRule(
          read,
          ['extensions'],
          [
            'daemonsets',
            'daemonsets/status',
            'deployments',
            'deployments/scale',
            'deployments/status',
            'ingresses',
            'ingresses/status',
            'replicasets',
            'replicasets/scale',
            'replicasets/status',
            'replicationcontrollers/scale',
            'networkpolicies',
          ],
        ),
        resourceRule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
        resourceRule(read, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
      ],
      { [aggregateToView]: 'true' },
    ),
    clusterRole('system:auth-delegator', [
      resourceRule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      resourceRule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ]),
    clusterRole('system:basic-user', [
      resourceRule(
        ['create'],
        ['authorization.k8s.io'],
        ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      ),
      resourceRule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ]),
    clusterRole('system:discovery', [
      urlRule(
        ['get'],
        [
          '/livez',
          '/readyz',
          '/healthz',
          '/version',
          '/version/',
          '/openapi',
          '/openapi/*',
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
        ],
      ),
    ]),
    clusterRole('system:monitoring', [
      urlRule(
        ['get'],
        ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'],
      ),
    ]),
    clusterRole('system:public-info-viewer', [
      urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/']),
    ]),
    clusterRole('system:service-account-issuer-discovery', [
      urlRule(['get'], ['/.well-known/openid-configuration', '/openid/v1/jwks']),
    ]),
    aggregatedClusterRole('view', aggregateToView, { [aggregateToEdit]: 'true' }),
  ];
}

function matchLabelsOf(role: KubeObject): Record<string, string>[] {
  const aggregation = role.aggregationRule as {
    clusterRoleSelectors?: { matchLabels?: Record<string, string> }[];
  };
  return (aggregation.clusterRoleSelectors ?? []).map((selector) => selector.matchLabels ?? {});
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// One pass of the aggregation controller over every aggregated role: for each selector, the
// matching roles sorted by name, their rules appended unless an equal rule is already there.
function aggregateOnce(roles: KubeObject[]): boolean {
  let changed = false;
  for (const role of roles) {
    if (!role.aggregationRule) continue;
    const rules: PolicyRule[] = [];
    for (const matchLabels of matchLabelsOf(role)) {
      const selected = roles
        .filter((candidate) => candidate !== role)
        .filter((candidate) =>
          Object.entries(matchLabels).every(([key, value]) => candidate.metadata.labels?.[key] === value),
        )
        .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
      for (const candidate of selected) {
        for (const rule of candidate.rules as PolicyRule[]) {
          if (!rules.some((existing) => sameRule(existing, rule))) rules.push(rule);
        }
      }
    }
    if (JSON.stringify(rules) !== JSON.stringify(role.rules)) {
      role.rules = rules;
      changed = true;
    }
  }
  return changed;
}

/**
 * Fresh copies of the bootstrap ClusterRoles followed by the bootstrap ClusterRoleBindings. `addOnRoles`
 * (installed with add-ons, such as metrics-server's) come after the bootstrap roles and are aggregated too.
 */
export function bootstrapPolicy(addOnRoles: KubeObject[] = []): KubeObject[] {
  const roles = [...bootstrapClusterRoles(), ...addOnRoles];
  // view feeds edit, which feeds admin: repeat until nothing moves, as the controller converges.
  let changed: boolean;
  do {
    changed = aggregateOnce(roles);
  } while (changed);
  const bindings = [
    clusterRoleBinding('cluster-admin', ['system:masters']),
    clusterRoleBinding('system:basic-user', ['system:authenticated']),
    clusterRoleBinding('system:discovery', ['system:authenticated']),
    clusterRoleBinding('system:monitoring', ['system:monitoring']),
    clusterRoleBinding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
    clusterRoleBinding('system:service-account-issuer-discovery', ['system:serviceaccounts']),
  ];
  // Aggregated roles share rule objects with their sources; each object gets its own copy.
  return [...roles, ...bindings].map((object) => structuredClone(object));
}
