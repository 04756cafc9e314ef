import type { KubeObject } from '../../k8s/index.js';

// Which pods a drain evicts, as kubectl drain --ignore-daemonsets sorts them: DaemonSet pods stay
// (their controller would put them straight back), mirror pods stay (the kubelet owns them, the
// API server only shows them), pods no controller would recreate hold the drain unless forced.

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

interface OwnedPod extends KubeObject {
  metadata?: KubeObject['metadata'] & {
    ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
  };
}

export interface DrainPlan {
  evict: KubeObject[];
  /** Left alone, each with why. */
  skipped: { pod: KubeObject; why: string }[];
  /** Pods no controller manages: evicting them loses them for good, so only with force. */
  unmanaged: KubeObject[];
}

export function podName(pod: KubeObject): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function planDrain(pods: OwnedPod[], force: boolean): DrainPlan {
  const plan: DrainPlan = { evict: [], skipped: [], unmanaged: [] };
  for (const pod of pods) {
    const controller = pod.metadata?.ownerReferences?.find((owner) => owner.controller);
    if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined) {
      plan.skipped.push({ pod, why: 'mirror pod (static, owned by the kubelet)' });
    } else if (controller?.kind === 'DaemonSet') {
      plan.skipped.push({ pod, why: `DaemonSet ${controller.name ?? ''} pod` });
    } else if (!controller && !force) {
      plan.unmanaged.push(pod);
    } else {
      plan.evict.push(pod);
    }
  }
  return plan;
}
