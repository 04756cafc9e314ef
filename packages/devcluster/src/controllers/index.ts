// A small kube-controller-manager (plus the scheduler's and kubelets' part) that keeps the simulated cluster alive.
import { ApiError, type GroupResource } from '../api/status.js';
import { groupResource, type SimulatedCluster } from '../cluster.js';
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { Controller, ControllerContext } from './controller.js';
import { DaemonSetController } from './daemon-set-controller.js';
import { DeploymentController } from './deployment-controller.js';
import { EventRecorder } from './events-recorder.js';
import { GarbageCollector } from './garbage-collector.js';
import { HorizontalPodAutoscalerController } from './horizontal-pod-autoscaler-controller.js';
import { JobController } from './job-controller.js';
import { Kubelet } from './kubelet.js';
import { defaultServiceAccount, NamespaceDefaultController, rootCaConfigMap } from './namespace-defaults.js';
import { ObjectWriter } from './object-writer.js';
import { ReplicaSetController } from './replica-set-controller.js';
import { ResourceQuotaController } from './resource-quota-controller.js';
import { Scheduler } from './scheduler.js';
import { ServiceEndpointsController } from './service-endpoints-controller.js';
import { StatefulSetController } from './stateful-set-controller.js';
import { VolumeBinder } from './volume-binder.js';
import { WorkQueue } from './work-queue.js';

export {
  defaultPropagation,
  deleteWithPropagation,
  type PropagationPolicy,
  removeIfFinalized,
} from './cascading-deletion.js';

export interface ControllerOptions {
  now: () => Date;
  /** How long a scheduled pod stays in ContainerCreating before it runs. */
  podStartDelayMs?: number;
  /** The CA that signed the API server's certificate, published in every namespace; none over plain HTTP. */
  rootCaCert?: string;
}

export interface RunningControllers {
  stop(): void;
  /** Resolves once no work is queued and no timer is pending. */
  idle(): Promise<void>;
}

interface WorkItem {
  controller: Controller;
  key: string;
}

const IDLE_POLL_MS = 5;

export function startControllers(cluster: SimulatedCluster, options: ControllerOptions): RunningControllers {
  const queue = new WorkQueue<WorkItem>(({ controller, key }) => runSync(controller, key));
  const context: ControllerContext = {
    cluster,
    now: options.now,
    writer: new ObjectWriter(cluster, options.now),
    events: new EventRecorder(cluster, options.now),
    podStartDelayMs: options.podStartDelayMs ?? 300,
    requeueAfter: (controller, key, ms) =>
      queue.addAfter(`${controller.name}\0${key}`, { controller, key }, ms),
  };
  const controllers: Controller[] = [
    new DeploymentController(context),
    new ReplicaSetController(context),
    new StatefulSetController(context),
    new DaemonSetController(context),
    new JobController(context),
    new Scheduler(context),
    new Kubelet(context),
    new GarbageCollector(context),
    new ResourceQuotaController(context),
    new HorizontalPodAutoscalerController(context),
    new ServiceEndpointsController(context),
    new VolumeBinder(context),
    new NamespaceDefaultController(context, defaultServiceAccount()),
    ...(options.rootCaCert
      ? [new NamespaceDefaultController(context, rootCaConfigMap(options.rootCaCert))]
      : []),
  ];

  const enqueue = (controller: Controller, event: StoredEvent) => {
    for (const key of controller.keysFor(event)) queue.add(`${controller.name}\0${key}`, { controller, key });
  };
  const watchedResources = (controller: Controller): GroupResource[] =>
    controller.watches === 'everything' ? cluster.registry.all().map(groupResource) : [...controller.watches];
  const watches = (controller: Controller, resourceKey: string) =>
    controller.watches === 'everything' || controller.watches.some((gr) => resourceKeyOf(gr) === resourceKey);
  const unsubscribe = cluster.store.subscribe((event) => {
    for (const controller of controllers)
      if (watches(controller, event.resourceKey)) enqueue(controller, event);
  });
  // The informers' initial list: every existing object is seen once, as if just added.
  for (const controller of controllers) {
    for (const gr of watchedResources(controller)) {
      for (const object of cluster.store.list(gr)) {
        enqueue(controller, {
          type: 'ADDED',
          resourceVersion: Number(object.metadata.resourceVersion),
          resourceKey: resourceKeyOf(gr),
          namespace: object.metadata.namespace ?? '',
          object,
        });
      }
    }
  }

  return {
    stop() {
      unsubscribe();
      queue.stop();
    },
    async idle() {
      while (!queue.isIdle) await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    },
  };
}

/** A failed sync is dropped, as a real controller's would be retried later: the next change syncs again. */
function runSync(controller: Controller, key: string): void {
  try {
    controller.sync(key);
  } catch (error) {
    // Races with clients (a namespace deleted, a name taken) are expected; anything else is a bug to see.
    if (!(error instanceof ApiError))
      console.error(`controller ${controller.name} failed to sync ${key}:`, error);
  }
}
