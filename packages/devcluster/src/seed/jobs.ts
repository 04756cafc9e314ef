// Jobs that ran to completion, and the CronJobs that start them.
import type { KubeObject, OwnerReference } from '../types.js';
import { nameSuffix } from './generated-names.js';
import { controllerRef, objectMeta } from './object-meta.js';
import { type Placement, type PodTemplate, pod, withTemplateLabels } from './pods.js';
import { after, apiTime } from './timestamps.js';

export interface CompletedJobPlan {
  namespace: string;
  name: string;
  created: Date;
  template: PodTemplate;
  /** Where its single pod ran, and when that pod's container exited 0. */
  placement: Placement;
  finishedAt: Date;
  owner?: OwnerReference;
  annotations?: Record<string, string>;
}

/** A Job and its Succeeded pod. */
export function completedJob(plan: CompletedJobPlan): KubeObject[] {
  const { namespace, name, created, placement, finishedAt, owner, annotations } = plan;
  // The API server also adds controller-uid labels and selects on them; those need the uid the store assigns.
  const jobLabels = { 'batch.kubernetes.io/job-name': name, 'job-name': name };
  const template = withTemplateLabels(plan.template, jobLabels);
  const completed = apiTime(after(finishedAt, { seconds: 1 }));
  const reachedCompletions = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: completed,
    lastTransitionTime: completed,
    reason: 'CompletionsReached',
    message: 'Reached expected number of succeeded pods',
  });
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: objectMeta({ name, namespace, created, generation: 1, labels: jobLabels, annotations, owner }),
    spec: {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/job-name': name } },
      suspend: false,
      template,
    },
    status: {
      completionTime: completed,
      conditions: [reachedCompletions('SuccessCriteriaMet'), reachedCompletions('Complete')],
      ready: 0,
      startTime: apiTime(created),
      succeeded: 1,
      terminating: 0,
      uncountedTerminatedPods: {},
    },
  };
  const jobPod = pod({
    name: `${name}-${nameSuffix(`${namespace}/${name}/0`)}`,
    generateName: `${name}-`,
    namespace,
    created,
    template,
    state: { kind: 'completed', on: placement, finishedAt },
    owner: controllerRef('batch/v1', 'Job', name),
  });
  return [job, jobPod];
}

export interface CronJobPlan {
  namespace: string;
  name: string;
  created: Date;
  schedule: string;
  template: PodTemplate;
  /** The last scheduled run, which completed; older runs have been cleaned up. */
  lastRun: { scheduledAt: Date; finishedAt: Date; placement: Placement };
}

/** The CronJob, then the Job of its last run and that Job's pod. */
export function cronJob(plan: CronJobPlan): KubeObject[] {
  const { namespace, name, created, schedule, template, lastRun } = plan;
  const cronJobObject: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: objectMeta({ name, namespace, created, generation: 1 }),
    spec: {
      concurrencyPolicy: 'Forbid',
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: {}, spec: { template } },
      schedule,
      successfulJobsHistoryLimit: 1,
      suspend: false,
    },
    status: {
      lastScheduleTime: apiTime(lastRun.scheduledAt),
      lastSuccessfulTime: apiTime(after(lastRun.finishedAt, { seconds: 1 })),
    },
  };
  // The controller names each run's Job after its scheduled time in minutes since the epoch.
  const scheduledMinute = Math.floor(lastRun.scheduledAt.getTime() / 60_000);
  const runJob = completedJob({
    namespace,
    name: `${name}-${scheduledMinute}`,
    created: lastRun.scheduledAt,
    template,
    placement: lastRun.placement,
    finishedAt: lastRun.finishedAt,
    owner: controllerRef('batch/v1', 'CronJob', name),
    annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': apiTime(lastRun.scheduledAt) },
  });
  return [cronJobObject, ...runJob];
}
