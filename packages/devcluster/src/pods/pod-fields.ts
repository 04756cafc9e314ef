// Pod fields a container can be told about, through env fieldRef and downwardAPI volumes.
import type { KubeObject } from '../types.js';
import { podSpec, podStatus } from './pod-shape.js';

const MAP_ENTRY = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** The value the kubelet puts in for a fieldPath, or undefined for one it does not support. */
export function podFieldValue(pod: KubeObject, fieldPath: string): string | undefined {
  const entry = MAP_ENTRY.exec(fieldPath);
  if (entry) {
    const map = entry[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[entry[2] ?? ''] ?? '';
  }
  const spec = podSpec(pod);
  const status = podStatus(pod);
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': spec.nodeName,
    'spec.serviceAccountName': spec.serviceAccountName,
    'status.hostIP': status.hostIP,
    'status.podIP': status.podIP,
  };
  return values[fieldPath];
}

/** The hostname a pod's containers see: spec.hostname, else the pod's name. */
export function podHostname(pod: KubeObject): string {
  return (podSpec(pod).hostname ?? pod.metadata.name ?? '').slice(0, 63);
}
