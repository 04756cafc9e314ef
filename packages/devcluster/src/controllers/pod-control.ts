// controller.RealPodControl: how the ReplicaSet, Job and DaemonSet controllers create and delete their
// pods, each write followed by the event the real one records on the owner (FailedCreate when refused).
import { ApiError } from '../api/status.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './controller.js';
import type { EventSource } from './events-recorder.js';
import { nameOf, PODS } from './objects.js';

export function createControlledPod(
  context: ControllerContext,
  owner: KubeObject,
  pod: KubeObject,
  source: EventSource,
): KubeObject {
  let created: KubeObject;
  try {
    created = context.writer.create(PODS, pod);
  } catch (error) {
    // A refusal (a quota, a LimitRange) is told on the owner, where `kubectl describe` shows it.
    if (error instanceof ApiError) {
      const message = `Error creating: ${error.message}`;
      context.events.record({ about: owner, type: 'Warning', reason: 'FailedCreate', message, source });
    }
    throw error;
  }
  const message = `Created pod: ${nameOf(created)}`;
  context.events.record({ about: owner, type: 'Normal', reason: 'SuccessfulCreate', message, source });
  return created;
}

export function deleteControlledPod(
  context: ControllerContext,
  owner: KubeObject,
  pod: KubeObject,
  source: EventSource,
): void {
  context.writer.delete(PODS, pod.metadata.namespace ?? '', nameOf(pod));
  const message = `Deleted pod: ${nameOf(pod)}`;
  context.events.record({ about: owner, type: 'Normal', reason: 'SuccessfulDelete', message, source });
}
