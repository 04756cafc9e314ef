// The Job controller: runs pods until enough have succeeded, then marks the Job complete.
import { apiTime } from '../seed/timestamps.js';
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import {
  controllerOf,
  controllerReference,
  isControlledBy,
  JOBS,
  keyOf,
  nameOf,
  nonZero,
  PODS,
  splitKey,
} from './objects.js';
import { createControlledPod } from './pod-control.js';
import { type PodTemplate, podFromTemplate } from './pod-factory.js';
import { isActive, isReady, podPhase } from './pod-state.js';
import { RefusedCreates } from './refused-creates.js';

const SOURCE = { component: 'job-controller' };

interface JobSpec {
  parallelism?: number;
  completions?: number;
  suspend?: boolean;
  template?: PodTemplate;
}

interface JobCondition {
  type: string;
  status: string;
}

interface JobStatus {
  startTime?: string;
  completionTime?: string;
  succeeded?: number;
  conditions?: JobCondition[];
}

function specOf(job: KubeObject): JobSpec {
  return (job.spec ?? {}) as JobSpec;
}

function statusOf(job: KubeObject): JobStatus {
  return (job.status ?? {}) as JobStatus;
}

function isFinished(job: KubeObject): boolean {
  return (statusOf(job).conditions ?? []).some(
    (condition) =>
      (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True',
  );
}

/** The labels the apiserver adds to a Job's template (when the selector is generated) that its pods carry. */
function jobLabels(job: KubeObject): Record<string, string> {
  const uid = job.metadata.uid ?? '';
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': nameOf(job),
    'controller-uid': uid,
    'job-name': nameOf(job),
  };
}

export class JobController implements Controller {
  readonly name = 'job-controller';
  readonly watches = [JOBS, PODS];

  private readonly refused: RefusedCreates;

  constructor(private readonly context: ControllerContext) {
    this.refused = new RefusedCreates(context, this);
  }

  keysFor(event: StoredEvent): string[] {
    const { object, namespace } = event;
    if (object.kind === 'Job') return [keyOf(namespace, nameOf(object))];
    const owner = controllerOf(object);
    return owner?.kind === 'Job' ? [keyOf(namespace, owner.name)] : [];
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const job = this.context.cluster.store.get(JOBS, namespace, name);
    if (!job || job.metadata.deletionTimestamp || isFinished(job)) {
      this.refused.settle(key, undefined);
      return;
    }
    const spec = specOf(job);
    const completions = spec.completions ?? 1;
    const pods = this.pods(job);
    const succeeded = Math.max(
      statusOf(job).succeeded ?? 0,
      pods.filter((pod) => podPhase(pod) === 'Succeeded').length,
    );
    const active = pods.filter(isActive);
    const wanted = spec.suspend ? 0 : Math.min(spec.parallelism ?? 1, Math.max(0, completions - succeeded));
    let refusal: string | undefined;
    for (let i = active.length; i < wanted && !refusal; i++)
      refusal = this.refused.attempt(() => this.createPod(job));
    this.refused.settle(key, refusal);
    this.updateStatus(job, succeeded, completions);
  }

  private pods(job: KubeObject): KubeObject[] {
    return this.context.cluster.store
      .list(PODS, job.metadata.namespace)
      .filter((pod) => isControlledBy(pod, job));
  }

  private createPod(job: KubeObject): void {
    const pod = podFromTemplate({
      namespace: job.metadata.namespace ?? '',
      generateName: `${nameOf(job)}-`,
      template: specOf(job).template ?? {},
      owner: controllerReference(job),
      labels: jobLabels(job),
    });
    createControlledPod(this.context, job, pod, SOURCE);
  }

  private updateStatus(job: KubeObject, succeeded: number, completions: number): void {
    const { cluster, now, writer, events } = this.context;
    const current = cluster.store.get(JOBS, job.metadata.namespace ?? '', nameOf(job));
    if (!current) return;
    const active = this.pods(current).filter(isActive);
    const at = apiTime(now());
    const previous = statusOf(current);
    const done = succeeded >= completions && active.length === 0;
    // Since 1.31 a successful Job first meets its success criteria, then completes; both say why.
    const reached = (type: string) => ({
      type,
      status: 'True',
      lastProbeTime: at,
      lastTransitionTime: at,
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
    });
    const status = {
      ...(done && { completionTime: at, conditions: [reached('SuccessCriteriaMet'), reached('Complete')] }),
      ...nonZero({ active: active.length, succeeded }),
      ready: active.filter(isReady).length,
      startTime: previous.startTime ?? at,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    writer.update(JOBS, current, { ...current, status });
    if (done)
      events.record({
        about: current,
        type: 'Normal',
        reason: 'Completed',
        message: 'Job completed',
        source: SOURCE,
      });
  }
}
