// A Deployment with its ReplicaSet and pods, the status of each derived from the pods' states.
import type { KubeObject } from '../types.js';
import { nameSuffix, templateHash } from './generated-names.js';
import { controllerRef, nonZeroCounts, objectMeta } from './object-meta.js';
import { isReady, type PodState, type PodTemplate, pod, withTemplateLabels } from './pods.js';
import { after, apiTime, later } from './timestamps.js';

export interface ReplicaPlan {
  created: Date;
  state: PodState;
}

export interface DeploymentPlan {
  namespace: string;
  name: string;
  created: Date;
  /** The deployment's labels, which are also its selector. */
  labels: Record<string, string>;
  template: PodTemplate;
  replicas: ReplicaPlan[];
  /** Edits to the spec since creation (a scale, say): each one bumps metadata.generation. */
  specChanges?: number;
  /** When the rollout last reached all replicas available; absent if it never did. */
  rolloutCompletedAt?: Date;
}

export interface DeployedWorkload {
  deployment: KubeObject;
  replicaSet: KubeObject;
  pods: KubeObject[];
}

const PROGRESS_DEADLINE_SECONDS = 600;

/** The default RollingUpdate strategy of 25% surge (rounded up) and 25% unavailable (rounded down). */
function rollingUpdateBounds(replicas: number) {
  const maxSurge = Math.ceil(replicas * 0.25);
  const maxUnavailable = Math.floor(replicas * 0.25);
  return { maxSurge, maxUnavailable: maxSurge === 0 && maxUnavailable === 0 ? 1 : maxUnavailable };
}

function deploymentConditions(plan: DeploymentPlan, replicaSetName: string, available: number) {
  const replicas = plan.replicas.length;
  const hasMinimum = available >= replicas - rollingUpdateBounds(replicas).maxUnavailable;
  const newestUnready = plan.replicas
    .filter((replica) => !isReady(replica.state))
    .reduce((latest, replica) => later(latest, replica.created), plan.created);
  const availableSince = apiTime(hasMinimum ? after(plan.created, { seconds: 6 }) : newestUnready);
  const progressSince =
    plan.rolloutCompletedAt ?? after(plan.created, { seconds: PROGRESS_DEADLINE_SECONDS });
  return [
    {
      type: 'Available',
      status: hasMinimum ? 'True' : 'False',
      lastUpdateTime: availableSince,
      lastTransitionTime: availableSince,
      reason: hasMinimum ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      message: hasMinimum
        ? 'Deployment has minimum availability.'
        : 'Deployment does not have minimum availability.',
    },
    plan.rolloutCompletedAt
      ? {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: apiTime(progressSince),
          lastTransitionTime: apiTime(plan.created),
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${replicaSetName}" has successfully progressed.`,
        }
      : {
          type: 'Progressing',
          status: 'False',
          lastUpdateTime: apiTime(progressSince),
          lastTransitionTime: apiTime(progressSince),
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${replicaSetName}" has timed out progressing.`,
        },
  ];
}

export function deployment(plan: DeploymentPlan): DeployedWorkload {
  const { namespace, name, created, labels, template } = plan;
  const replicas = plan.replicas.length;
  const generation = 1 + (plan.specChanges ?? 0);
  const hash = templateHash(`${namespace}/${name}/${JSON.stringify(template)}`);
  const replicaSetName = `${name}-${hash}`;
  const replicaSetTemplate = withTemplateLabels(template, { 'pod-template-hash': hash });
  const ready = plan.replicas.filter((replica) => isReady(replica.state)).length;
  const revision = { 'deployment.kubernetes.io/revision': '1' };

  const pods = plan.replicas.map((replica, index) =>
    pod({
      name: `${replicaSetName}-${nameSuffix(`${namespace}/${replicaSetName}/${index}`)}`,
      generateName: `${replicaSetName}-`,
      namespace,
      created: replica.created,
      template: replicaSetTemplate,
      state: replica.state,
      owner: controllerRef('apps/v1', 'ReplicaSet', replicaSetName),
    }),
  );

  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: objectMeta({
      name: replicaSetName,
      namespace,
      created,
      generation,
      labels: replicaSetTemplate.metadata.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + rollingUpdateBounds(replicas).maxSurge),
        ...revision,
      },
      owner: controllerRef('apps/v1', 'Deployment', name),
    }),
    spec: {
      replicas,
      selector: { matchLabels: { ...labels, 'pod-template-hash': hash } },
      template: replicaSetTemplate,
    },
    status: {
      ...nonZeroCounts({ availableReplicas: ready, fullyLabeledReplicas: replicas, readyReplicas: ready }),
      observedGeneration: generation,
      replicas,
    },
  };

  const deploymentObject: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta({ name, namespace, created, generation, labels, annotations: revision }),
    spec: {
      progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: labels },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template,
    },
    status: {
      ...nonZeroCounts({
        availableReplicas: ready,
        readyReplicas: ready,
        replicas,
        unavailableReplicas: replicas - ready,
        updatedReplicas: replicas,
      }),
      conditions: deploymentConditions(plan, replicaSetName, ready),
      observedGeneration: generation,
    },
  };

  return { deployment: deploymentObject, replicaSet, pods };
}
