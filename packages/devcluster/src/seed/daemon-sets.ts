// A DaemonSet with one pod per node, its revision, and a status counted from those pods.
import { daemonPodSpec } from '../controllers/daemon-pods.js';
import type { KubeObject } from '../types.js';
import { controllerRevision, type RevisionOwner, revisionHash } from './controller-revisions.js';
import { nameSuffix } from './generated-names.js';
import { controllerRef, nonZeroCounts, objectMeta } from './object-meta.js';
import { type Placement, type PodTemplate, pod, withPodSpec, withTemplateLabels } from './pods.js';
import { later } from './timestamps.js';

export interface DaemonSetPlan {
  namespace: string;
  name: string;
  created: Date;
  labels: Record<string, string>;
  template: PodTemplate;
  /** One pod on each of these nodes, created when the node joined (or with the DaemonSet, if later). */
  daemons: { on: Placement; created: Date }[];
}

export function daemonSet(plan: DaemonSetPlan): KubeObject[] {
  const { namespace, name, created, labels, template, daemons } = plan;
  const owner: RevisionOwner = { kind: 'DaemonSet', ...plan };
  const podTemplateOfRevision = withTemplateLabels(template, {
    'controller-revision-hash': revisionHash(owner),
    'pod-template-generation': '1',
  });
  const pods = daemons.map((daemon) =>
    pod({
      name: `${name}-${nameSuffix(`${namespace}/${name}/${daemon.on.node.name}`)}`,
      generateName: `${name}-`,
      namespace,
      created: later(daemon.created, created),
      template: withPodSpec(podTemplateOfRevision, daemonPodSpec(template.spec, daemon.on.node.name)),
      state: { kind: 'running', on: daemon.on },
      owner: controllerRef('apps/v1', 'DaemonSet', name),
    }),
  );
  const scheduled = daemons.length;
  const ready = scheduled; // every daemon pod of the seed is running
  const daemonSetObject: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: objectMeta({
      name,
      namespace,
      created,
      generation: 1,
      labels,
      annotations: { 'deprecated.daemonset.template.generation': '1' },
    }),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: labels },
      template,
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
    status: {
      currentNumberScheduled: scheduled,
      desiredNumberScheduled: scheduled,
      numberMisscheduled: 0,
      numberReady: ready,
      observedGeneration: 1,
      ...nonZeroCounts({ numberAvailable: ready, updatedNumberScheduled: scheduled }),
    },
  };
  return [daemonSetObject, controllerRevision(owner), ...pods];
}
