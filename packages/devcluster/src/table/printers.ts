// Which printer answers for which resource, as kube-apiserver registers its TableConvertors.
import type { KubeObject, ResourceType } from '../types.js';
import { autoscalerPrinter } from './autoscaler-printer.js';
import type { TablePrinter } from './columns.js';
import {
  componentStatusPrinter,
  configMapPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core-printers.js';
import { customResourcePrinter } from './custom-resource-printer.js';
import { defaultPrinter } from './default-printer.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoint-printers.js';
import { eventPrinter } from './event-printer.js';
import { ingressClassPrinter, ingressPrinter } from './networking-printers.js';
import { nodePrinter } from './node-printer.js';
import { podPrinter } from './pod-printer.js';
import { networkPolicyPrinter, podDisruptionBudgetPrinter } from './policy-printers.js';
import { priorityClassPrinter } from './priority-class-printer.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac-printers.js';
import { resourceQuotaPrinter } from './resource-quota-printer.js';
import { servicePrinter } from './service-printer.js';
import {
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
} from './storage-printers.js';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workload-printers.js';

// Keyed by `group/plural`: a printer serves every version of its resource.
const builtInPrinters = new Map<string, TablePrinter>([
  ['/pods', podPrinter],
  ['/nodes', nodePrinter],
  ['/namespaces', namespacePrinter],
  ['/services', servicePrinter],
  ['/configmaps', configMapPrinter],
  ['/componentstatuses', componentStatusPrinter],
  ['/secrets', secretPrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['/events', eventPrinter],
  ['/persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['/persistentvolumes', persistentVolumePrinter],
  ['storage.k8s.io/storageclasses', storageClassPrinter],
  ['/resourcequotas', resourceQuotaPrinter],
  ['/endpoints', endpointsPrinter],
  ['discovery.k8s.io/endpointslices', endpointSlicePrinter],
  ['apps/deployments', deploymentPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['apps/statefulsets', statefulSetPrinter],
  ['apps/daemonsets', daemonSetPrinter],
  ['batch/jobs', jobPrinter],
  ['batch/cronjobs', cronJobPrinter],
  ['rbac.authorization.k8s.io/rolebindings', roleBindingPrinter],
  ['rbac.authorization.k8s.io/clusterrolebindings', clusterRoleBindingPrinter],
  ['networking.k8s.io/networkpolicies', networkPolicyPrinter],
  ['networking.k8s.io/ingresses', ingressPrinter],
  ['networking.k8s.io/ingressclasses', ingressClassPrinter],
  ['autoscaling/horizontalpodautoscalers', autoscalerPrinter],
  ['policy/poddisruptionbudgets', podDisruptionBudgetPrinter],
  ['scheduling.k8s.io/priorityclasses', priorityClassPrinter],
]);

/** The printer for a resource: its CRD's columns, its built-in printer, or NAME / CREATED AT. */
export function printerFor(resource: ResourceType, crd: KubeObject | undefined): TablePrinter {
  if (crd) return customResourcePrinter(crd, resource.version);
  return builtInPrinters.get(`${resource.group}/${resource.plural}`) ?? defaultPrinter;
}
