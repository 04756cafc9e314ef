// How a workload's CPU load is spread over its pods. Each workload needs, by a hash of its name, the
// CPU of one to three pods at their usual share of the request; its pods split that between them.
// So a Deployment scaled out uses less CPU per pod, and a HorizontalPodAutoscaler settles on a
// count instead of running to its maximum. A pod of no workload carries its own load alone.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../types.js';

/** The workload a pod works for: a Deployment's pods are one workload whichever ReplicaSet made them. */
function workloadKey(pod: KubeObject): string | undefined {
  const owner = pod.metadata.ownerReferences?.find((reference) => reference.controller);
  if (!owner) return undefined;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  const name =
    owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)
      ? owner.name.slice(0, -hash.length - 1)
      : owner.name;
  return `${pod.metadata.namespace}/${owner.kind === 'ReplicaSet' && hash ? 'Deployment' : owner.kind}/${name}`;
}

/** How many pods' worth of CPU a workload needs: 1, 2 or 3, fixed by its name. */
function podsNeeded(key: string): number {
  return 1 + (createHash('sha256').update(key).digest().readUInt32BE(0) % 3);
}

/**
 * For `pods` (every running pod that may share a workload with the ones asked about), the share of
 * its workload's load each pod carries, as a multiple of one pod's usual CPU.
 */
export function loadShares(pods: KubeObject[]): (pod: KubeObject) => number {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const key = workloadKey(pod);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (pod) => {
    const key = workloadKey(pod);
    return key ? podsNeeded(key) / (counts.get(key) ?? 1) : 1;
  };
}
