// Pods made from a controller's template, with what the apiserver's defaulting and admission add on create.
import { defaultedPodSpec } from '../admission/pod-defaults.js';
import type { KubeObject, OwnerReference } from '../types.js';
import { generatedName } from './objects.js';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface PodPlan {
  namespace: string;
  /** A fixed name (a StatefulSet's ordinal pod), or the generateName prefix. */
  name?: string;
  generateName?: string;
  template: PodTemplate;
  owner: OwnerReference;
  labels?: Record<string, string>;
  /** Fields the controller sets on top of the template's spec (hostname, affinity). */
  spec?: Record<string, unknown>;
}

export function podFromTemplate(plan: PodPlan): KubeObject {
  const { template } = plan;
  const labels = { ...template.metadata?.labels, ...plan.labels };
  const annotations = template.metadata?.annotations;
  const name = plan.name ?? generatedName(plan.generateName ?? '');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(plan.name ? {} : { generateName: plan.generateName }),
      namespace: plan.namespace,
      ...(Object.keys(labels).length > 0 && { labels }),
      ...(annotations && { annotations: { ...annotations } }),
      ownerReferences: [plan.owner],
    },
    spec: defaultedPodSpec({ ...structuredClone(template.spec ?? {}), ...plan.spec }),
  };
}
