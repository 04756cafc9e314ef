// Pods made from a controller's template, with what the apiserver's defaulting and admission add on create.
import { type AdmissibleSpec, admittedPodSpec, podSpecDefaults } from '../admission/pod-defaults.js';
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

type Container = Record<string, unknown> & { name: string; image?: string; volumeMounts?: object[] };

type PodSpecFields = AdmissibleSpec<Container> & Record<string, unknown>;

/** An image without a tag, or tagged latest, is pulled every time. */
function defaultPullPolicy(image: string | undefined): string {
  const lastSegment = image?.split('/').pop() ?? '';
  if (lastSegment.includes('@')) return 'IfNotPresent';
  return !lastSegment.includes(':') || lastSegment.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultedContainer(container: Container): Container {
  return {
    imagePullPolicy: defaultPullPolicy(container.image),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...container,
  };
}

function admittedSpec(
  templateSpec: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const spec = { ...structuredClone(templateSpec), ...extra } as PodSpecFields;
  const containers = spec.containers ?? [];
  // Containers are defaulted along with the token mount; without the token they stay as given.
  const automount = spec.automountServiceAccountToken !== false;
  return admittedPodSpec(
    {
      ...podSpecDefaults(),
      ...spec,
      containers: automount ? containers.map(defaultedContainer) : containers,
    },
    generatedName('kube-api-access-'),
  );
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
    spec: admittedSpec(template.spec ?? {}, plan.spec ?? {}),
  };
}
