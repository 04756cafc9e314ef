// A StatefulSet with its revision, its pods' volume claims, and its ordinal pods.
import type { KubeObject } from '../types.js';
import { controllerRevision, type RevisionOwner, revisionName } from './controller-revisions.js';
import { controllerRef, nonZeroCounts, objectMeta } from './object-meta.js';
import { type Placement, type PodTemplate, pod, withPodSpec, withTemplateLabels } from './pods.js';
import { boundClaimAndVolume } from './storage.js';
import { after } from './timestamps.js';

export interface StatefulSetPlan {
  namespace: string;
  name: string;
  created: Date;
  labels: Record<string, string>;
  /** The headless service that gives each pod its DNS name. */
  serviceName: string;
  template: PodTemplate;
  /** One volume claim template, mounted by the template's containers under this name. */
  claimTemplate: { name: string; storage: string };
  /** Where pod 0, 1, ... run; they are all running. */
  placements: Placement[];
}

export function statefulSet(plan: StatefulSetPlan): KubeObject[] {
  const { namespace, name, created, labels, serviceName, template, claimTemplate, placements } = plan;
  const owner: RevisionOwner = { kind: 'StatefulSet', ...plan };
  const revision = revisionName(owner);
  const replicas = placements.length;

  const claimsAndPods = placements.flatMap((placement, ordinal) => {
    const podName = `${name}-${ordinal}`;
    const claimName = `${claimTemplate.name}-${podName}`;
    const podCreated = after(created, { seconds: 10 * ordinal });
    const podTemplate = withPodSpec(
      withTemplateLabels(template, {
        'apps.kubernetes.io/pod-index': String(ordinal),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': podName,
      }),
      {
        hostname: podName,
        subdomain: serviceName,
        volumes: [
          { name: claimTemplate.name, persistentVolumeClaim: { claimName } },
          ...(template.spec.volumes ?? []),
        ],
      },
    );
    return [
      ...boundClaimAndVolume({
        namespace,
        name: claimName,
        created: podCreated,
        labels,
        storage: claimTemplate.storage,
        node: placement.node,
      }),
      pod({
        name: podName,
        namespace,
        created: podCreated,
        template: podTemplate,
        state: { kind: 'running', on: placement },
        owner: controllerRef('apps/v1', 'StatefulSet', name),
      }),
    ];
  });

  const ready = replicas; // every pod of the seed's stateful sets is running
  const statefulSetObject: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta({ name, namespace, created, generation: 1, labels }),
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: labels },
      serviceName,
      template,
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: claimTemplate.name },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: claimTemplate.storage } },
            volumeMode: 'Filesystem',
          },
          status: { phase: 'Pending' },
        },
      ],
    },
    status: {
      ...nonZeroCounts({ availableReplicas: ready, currentReplicas: replicas, readyReplicas: ready }),
      collisionCount: 0,
      currentRevision: revision,
      observedGeneration: 1,
      replicas,
      updateRevision: revision,
      ...nonZeroCounts({ updatedReplicas: replicas }),
    },
  };
  return [statefulSetObject, controllerRevision(owner), ...claimsAndPods];
}
