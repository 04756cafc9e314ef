// Small core/v1 objects: namespaces, service accounts, config, secrets, services.
import type { KubeObject } from '../types.js';
import { hashBytes } from './generated-names.js';
import { objectMeta } from './object-meta.js';

export function namespace(name: string, created: Date): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: objectMeta({ name, created, labels: { 'kubernetes.io/metadata.name': name } }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function serviceAccount(namespaceName: string, name: string, created: Date): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta({ name, namespace: namespaceName, created }),
  };
}

interface ConfigInput {
  namespace: string;
  name: string;
  created: Date;
  labels?: Record<string, string>;
}

export function configMap(input: ConfigInput, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: objectMeta(input), data };
}

/** An Opaque secret; values are given in clear and stored base64-encoded, as the API holds them. */
export function opaqueSecret(input: ConfigInput, clearData: Record<string, string>): KubeObject {
  const data = Object.fromEntries(
    Object.entries(clearData).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  return { apiVersion: 'v1', kind: 'Secret', metadata: objectMeta(input), type: 'Opaque', data };
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol?: 'TCP' | 'UDP';
}

export interface ServiceInput extends ConfigInput {
  annotations?: Record<string, string>;
  selector?: Record<string, string>;
  ports: ServicePort[];
  /** An address in the service CIDR, or 'None' for a headless service; derived from the name if absent. */
  clusterIP?: string;
}

/** A stable-looking address in 10.96.0.0/16, clear of the apiserver's .0.1 and DNS's .0.10. */
function serviceAddress(seed: string): string {
  const [third = 0, fourth = 0] = hashBytes(seed, 2);
  return `10.96.${1 + (third % 254)}.${1 + (fourth % 254)}`;
}

export function clusterIPService(input: ServiceInput): KubeObject {
  const { selector, ports, clusterIP = serviceAddress(`${input.namespace}/${input.name}`) } = input;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(input),
    spec: {
      clusterIP,
      clusterIPs: [clusterIP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: ports.map((port) => ({ protocol: 'TCP', ...port })),
      ...(selector && { selector }),
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}
