// Where a forwarded connection lands: a port of the pod's network namespace, reached as the
// kubelet's container runtime (containerd) reaches it, and the errors it reports when that fails.
import { createHash } from 'node:crypto';
import { answerContainerConnection, type ContainerConnection } from '../pods/container-port-server.js';
import { podStatus } from '../pods/pod-shape.js';
import type { KubeObject } from '../types.js';

/** A connection to the container, or the message the runtime writes on the error stream. */
export type ForwardOutcome = ContainerConnection | string;

/** Opens forwarded connections to the ports of one pod. */
export type PortOpener = (port: number) => ForwardOutcome;

function digest(pod: KubeObject, salt: string): string {
  const identity = pod.metadata.uid ?? `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
  return createHash('sha256').update(`${salt}:${identity}`).digest('hex');
}

/**
 * The pod sandbox's id: containerd's streaming server names the pod by it (and leaves the uid
 * empty) in its errors. Stable per pod, 64 hex digits like a real one.
 */
export function sandboxId(pod: KubeObject): string {
  return digest(pod, 'sandbox');
}

/** The CNI network namespace path containerd created for the sandbox. */
function networkNamespace(pod: KubeObject): string {
  const hex = digest(pod, 'netns');
  return `/var/run/netns/cni-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The kubelet's wrapping of a runtime error: `error forwarding port P to pod ID, uid : ...`. */
function forwardingError(pod: KubeObject, port: number, cause: string): string {
  return `error forwarding port ${port} to pod ${sandboxId(pod)}, uid : ${cause}`;
}

/** containerd's message when nothing listens on the port inside the pod's network namespace. */
export function connectionRefused(pod: KubeObject, port: number): string {
  const id = sandboxId(pod);
  const dial = (network: string, address: string) =>
    `dial ${network} ${address}:${port}: connect: connection refused`;
  return forwardingError(
    pod,
    port,
    `failed to execute portforward in network namespace "${networkNamespace(pod)}": ` +
      `failed to connect to localhost:${port} inside namespace "${id}", ` +
      `IPv4: ${dial('tcp4', '127.0.0.1')} IPv6 ${dial('tcp6', '[::1]')} `,
  );
}

/** Opens a connection to `port` of `pod` as the runtime would, or says why it cannot. */
export function openForward(pod: KubeObject, port: number, now: () => Date): ForwardOutcome {
  const phase = podStatus(pod).phase ?? 'Unknown';
  if (phase !== 'Running') {
    return forwardingError(pod, port, `sandbox ${sandboxId(pod)} is not running (pod phase ${phase})`);
  }
  return answerContainerConnection(pod, port, now) ?? connectionRefused(pod, port);
}
