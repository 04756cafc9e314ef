// The environment a process in a container starts with: the image's ENV, the container's env and
// envFrom resolved against ConfigMaps, Secrets and the pod itself, and the service links the
// kubelet adds (pkg/kubelet/envvars), as `env` run in a real container prints it.
import type { SimulatedCluster } from '../cluster.js';
import type { KubeObject } from '../types.js';
import { imageProgram } from './log-profiles.js';
import { podFieldValue, podHostname } from './pod-fields.js';
import { type ContainerSpec, type KeyReference, podSpec } from './pod-shape.js';

export type Environment = [name: string, value: string][];

const CONFIG_MAPS = { group: '', resource: 'configmaps' };
const SECRETS = { group: '', resource: 'secrets' };
const SERVICES = { group: '', resource: 'services' };
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The ENV lines of the official images the seed uses, beyond PATH. */
const IMAGE_ENV: Record<string, Environment> = {
  nginx: [
    ['NGINX_VERSION', '1.27.3'],
    ['NJS_VERSION', '0.8.7'],
    ['NJS_RELEASE', '1~bookworm'],
    ['PKG_RELEASE', '1~bookworm'],
    ['DYNPKG_RELEASE', '1~bookworm'],
  ],
  postgres: [
    ['GOSU_VERSION', '1.17'],
    ['LANG', 'en_US.utf8'],
    ['PG_MAJOR', '16'],
    ['PATH', `${DEFAULT_PATH}:/usr/lib/postgresql/16/bin`],
    ['PG_VERSION', '16.4-1.pgdg120+2'],
    ['PGDATA', '/var/lib/postgresql/data'],
  ],
};

export function configMapData(
  cluster: SimulatedCluster,
  namespace: string,
  name: string,
): Record<string, string> | undefined {
  return cluster.store.get(CONFIG_MAPS, namespace, name)?.data as Record<string, string> | undefined;
}

/** A Secret's data decoded, as the kubelet hands it to containers. */
export function secretData(
  cluster: SimulatedCluster,
  namespace: string,
  name: string,
): Record<string, string> | undefined {
  const secret = cluster.store.get(SECRETS, namespace, name);
  if (!secret) return undefined;
  const encoded = (secret.data as Record<string, string> | undefined) ?? {};
  const decoded = Object.entries(encoded).map(([key, value]) => [
    key,
    Buffer.from(value, 'base64').toString(),
  ]);
  return {
    ...Object.fromEntries(decoded),
    ...((secret.stringData as Record<string, string> | undefined) ?? {}),
  };
}

/** `my-service` becomes `MY_SERVICE`, as the kubelet names service variables. */
function variableName(serviceName: string): string {
  return serviceName.toUpperCase().replaceAll('-', '_');
}

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
}

function serviceVariables(service: KubeObject): Environment {
  const spec = service.spec as { clusterIP?: string; ports?: ServicePort[] } | undefined;
  const ip = spec?.clusterIP;
  const ports = spec?.ports ?? [];
  const [first] = ports;
  if (!ip || ip === 'None' || !first) return [];
  const prefix = variableName(service.metadata.name ?? '');
  const variables: Environment = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(first.port)],
    ...ports
      .filter((port) => port.name)
      .map((port): [string, string] => [
        `${prefix}_SERVICE_PORT_${variableName(port.name ?? '')}`,
        String(port.port),
      ]),
  ];
  ports.forEach((port, index) => {
    const protocol = port.protocol ?? 'TCP';
    const url = `${protocol.toLowerCase()}://${ip}:${port.port}`;
    if (index === 0) variables.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
    variables.push(
      [portPrefix, url],
      [`${portPrefix}_PROTO`, protocol.toLowerCase()],
      [`${portPrefix}_PORT`, String(port.port)],
      [`${portPrefix}_ADDR`, ip],
    );
  });
  return variables;
}

/** The services whose links the kubelet injects: the pod's namespace's (unless disabled) and `kubernetes`. */
function linkedServices(cluster: SimulatedCluster, pod: KubeObject): KubeObject[] {
  const namespace = pod.metadata.namespace ?? '';
  const apiServer = cluster.store.get(SERVICES, 'default', 'kubernetes');
  const local = podSpec(pod).enableServiceLinks === false ? [] : cluster.store.list(SERVICES, namespace);
  const services = namespace === 'default' ? local : [...local, ...(apiServer ? [apiServer] : [])];
  return services.filter(
    (service) => (service.spec as { type?: string } | undefined)?.type !== 'ExternalName',
  );
}

/** `$(NAME)` in an env value refers to a variable defined before it; `$$` escapes. */
function expandReferences(value: string, known: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name?: string) => {
    if (match === '$$') return '$';
    return known.get(name ?? '') ?? match;
  });
}

class EnvironmentBuilder {
  private readonly values = new Map<string, string>();

  set(name: string, value: string): void {
    // A later definition replaces an earlier one where it stood, as containerd merges env.
    this.values.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get known(): Map<string, string> {
    return this.values;
  }

  entries(): Environment {
    return [...this.values.entries()];
  }
}

function keyValue(
  cluster: SimulatedCluster,
  namespace: string,
  source: 'configMap' | 'secret',
  ref: KeyReference,
) {
  const data =
    source === 'configMap'
      ? configMapData(cluster, namespace, ref.name)
      : secretData(cluster, namespace, ref.name);
  return data?.[ref.key];
}

export function containerEnvironment(
  cluster: SimulatedCluster,
  pod: KubeObject,
  container: ContainerSpec,
): Environment {
  const namespace = pod.metadata.namespace ?? '';
  const environment = new EnvironmentBuilder();
  environment.set('PATH', DEFAULT_PATH);
  environment.set('HOSTNAME', podHostname(pod));
  for (const [name, value] of IMAGE_ENV[imageProgram(container.image)] ?? []) environment.set(name, value);
  for (const source of container.envFrom ?? []) {
    const data = source.configMapRef
      ? configMapData(cluster, namespace, source.configMapRef.name)
      : source.secretRef && secretData(cluster, namespace, source.secretRef.name);
    for (const [key, value] of Object.entries(data ?? {}))
      environment.set(`${source.prefix ?? ''}${key}`, value);
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    const value =
      variable.value !== undefined
        ? expandReferences(variable.value, environment.known)
        : from?.configMapKeyRef
          ? keyValue(cluster, namespace, 'configMap', from.configMapKeyRef)
          : from?.secretKeyRef
            ? keyValue(cluster, namespace, 'secret', from.secretKeyRef)
            : from?.fieldRef && podFieldValue(pod, from.fieldRef.fieldPath);
    if (value !== undefined) environment.set(variable.name, value);
  }
  for (const service of linkedServices(cluster, pod)) {
    for (const [name, value] of serviceVariables(service))
      if (!environment.has(name)) environment.set(name, value);
  }
  if (!environment.has('HOME')) environment.set('HOME', '/root');
  return environment.entries();
}
