// A Service's ports and where each one lands in a pod, as the endpoints controller and the services
// proxy both resolve them: a number, a numeric string, or the name of a container port.
import type { KubeObject } from '../types.js';
import { namedContainerPort } from './container-http.js';
import { podStatus } from './pod-shape.js';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

export function servicePorts(service: KubeObject): ServicePort[] {
  return (service.spec as { ports?: ServicePort[] } | undefined)?.ports ?? [];
}

/** The endpoint port of `servicePort` in `pod`, as the endpoints controller finds it; undefined when missing. */
export function endpointPort(pod: KubeObject, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  return namedContainerPort(pod, target);
}

/** The pod's address; empty until the kubelet has given it one. */
export function podIP(pod: KubeObject): string {
  return podStatus(pod).podIP ?? '';
}
