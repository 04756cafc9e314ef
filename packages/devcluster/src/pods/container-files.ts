// The files a command in a container can read: what the kubelet writes into every container
// (/etc/hostname, /etc/hosts, /etc/resolv.conf) and the ConfigMap, Secret and projected volumes
// the container mounts. Image contents are not simulated beyond the usual top-level directories.
import type { SimulatedCluster } from '../cluster.js';
import type { KubeObject } from '../types.js';
import { configMapData, secretData } from './container-environment.js';
import { podFieldValue, podHostname } from './pod-fields.js';
import { type ContainerSpec, type KeyToPath, podSpec, podStatus, type VolumeSource } from './pod-shape.js';

const ROOT_DIRECTORIES = [
  'bin',
  'boot',
  'dev',
  'etc',
  'home',
  'lib',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'srv',
  'sys',
  'tmp',
  'usr',
  'var',
];

export interface ContainerFiles {
  /** A file's content; undefined when there is no such file (or it is a directory). */
  read(path: string): string | undefined;
  isDirectory(path: string): boolean;
  /** The names in a directory, sorted. */
  list(path: string): string[];
}

function parentOf(path: string): string {
  const parent = path.slice(0, path.lastIndexOf('/'));
  return parent || '/';
}

function hostsFile(pod: KubeObject): string {
  const podIP = podStatus(pod).podIP;
  const spec = podSpec(pod);
  const fqdn = spec.subdomain
    ? `${podHostname(pod)}.${spec.subdomain}.${pod.metadata.namespace}.svc.cluster.local\t`
    : '';
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...(podIP ? [`${podIP}\t${fqdn}${podHostname(pod)}`] : []),
    '',
  ].join('\n');
}

function resolvConf(cluster: SimulatedCluster, pod: KubeObject): string {
  const dns = cluster.store.get({ group: '', resource: 'services' }, 'kube-system', 'kube-dns');
  const nameserver = (dns?.spec as { clusterIP?: string } | undefined)?.clusterIP ?? '10.96.0.10';
  const namespace = pod.metadata.namespace ?? 'default';
  return `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${nameserver}\noptions ndots:5\n`;
}

/** A volume's files by their path inside the volume. */
function volumeContents(
  cluster: SimulatedCluster,
  pod: KubeObject,
  volume: VolumeSource,
): Map<string, string> {
  const namespace = pod.metadata.namespace ?? '';
  const contents = new Map<string, string>();
  const project = (data: Record<string, string> | undefined, items?: KeyToPath[]) => {
    if (!data) return;
    const mapping = items ?? Object.keys(data).map((key) => ({ key, path: key }));
    for (const { key, path } of mapping) {
      const value = data[key];
      if (value !== undefined) contents.set(path, value);
    }
  };
  if (volume.configMap)
    project(configMapData(cluster, namespace, volume.configMap.name), volume.configMap.items);
  if (volume.secret) project(secretData(cluster, namespace, volume.secret.secretName), volume.secret.items);
  for (const source of volume.projected?.sources ?? []) {
    if (source.configMap)
      project(configMapData(cluster, namespace, source.configMap.name), source.configMap.items);
    if (source.secret) project(secretData(cluster, namespace, source.secret.name), source.secret.items);
    for (const item of source.downwardAPI?.items ?? []) {
      const value = item.fieldRef && podFieldValue(pod, item.fieldRef.fieldPath);
      if (value !== undefined) contents.set(item.path, value);
    }
  }
  return contents;
}

class VirtualFiles implements ContainerFiles {
  private readonly files = new Map<string, string>();
  private readonly directories = new Set<string>(['/', ...ROOT_DIRECTORIES.map((name) => `/${name}`)]);

  addFile(path: string, content: string): void {
    this.files.set(path, content);
    this.addDirectory(parentOf(path));
  }

  addDirectory(path: string): void {
    for (let directory = path; !this.directories.has(directory); directory = parentOf(directory)) {
      this.directories.add(directory);
    }
  }

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  isDirectory(path: string): boolean {
    return this.directories.has(path);
  }

  list(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    const children = [...this.files.keys(), ...this.directories]
      .filter(
        (entry) => entry !== path && entry.startsWith(prefix) && !entry.slice(prefix.length).includes('/'),
      )
      .map((entry) => entry.slice(prefix.length));
    return [...new Set(children)].sort();
  }
}

export function containerFiles(
  cluster: SimulatedCluster,
  pod: KubeObject,
  container: ContainerSpec,
): ContainerFiles {
  const files = new VirtualFiles();
  files.addFile('/etc/hostname', `${podHostname(pod)}\n`);
  files.addFile('/etc/hosts', hostsFile(pod));
  files.addFile('/etc/resolv.conf', resolvConf(cluster, pod));
  const volumes = new Map((podSpec(pod).volumes ?? []).map((volume) => [volume.name, volume]));
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.get(mount.name);
    const contents = volume ? volumeContents(cluster, pod, volume) : new Map<string, string>();
    if (mount.subPath) {
      const content = contents.get(mount.subPath);
      if (content !== undefined) files.addFile(mount.mountPath, content);
      continue;
    }
    files.addDirectory(mount.mountPath);
    for (const [path, content] of contents)
      files.addFile(`${mount.mountPath.replace(/\/$/, '')}/${path}`, content);
  }
  return files;
}
