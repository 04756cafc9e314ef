// The ClusterRole metrics-server's manifest installs: its labels aggregate metrics reading into admin, edit
// and view, as on a real cluster with metrics-server.
import type { KubeObject } from '../types.js';
import { METRICS_GROUP } from './metrics-resources.js';

export function metricsServerRoles(): KubeObject[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: {
          'k8s-app': 'metrics-server',
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
        },
      },
      rules: [{ apiGroups: [METRICS_GROUP], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] }],
    },
  ];
}
