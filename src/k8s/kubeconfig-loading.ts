// Finding and reading kubeconfigs as kubectl does: --kubeconfig, else the KUBECONFIG list
// (missing files skipped, the first file to name a context, cluster or user wins), else
// ~/.kube/config. Each file is parsed by client-node's rules; failures become one clear sentence.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ClusterConfigError } from './cluster-config-error.js';
import { Kubeconfig, parseKubeconfig, readKubeconfigFile } from './kubeconfig-document.js';

export interface KubeconfigSource {
  kubeconfigPath?: string;
  kubeconfigYaml?: string;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function parse(where: string, load: () => Kubeconfig): Kubeconfig {
  try {
    return load();
  } catch (error) {
    throw new ClusterConfigError(`the kubeconfig ${where} is not valid: ${firstLine(error)}`);
  }
}

function readFile(path: string): Kubeconfig {
  if (!existsSync(path)) throw new ClusterConfigError(`the kubeconfig ${path} does not exist`);
  return parse(path, () => readKubeconfigFile(path));
}

function firstByName<T extends { name: string }>(lists: T[][]): T[] {
  const byName = new Map<string, T>();
  for (const item of lists.flat()) if (!byName.has(item.name)) byName.set(item.name, item);
  return [...byName.values()];
}

function merge(files: Kubeconfig[]): Kubeconfig {
  return new Kubeconfig(
    firstByName(files.map((file) => file.clusters)),
    firstByName(files.map((file) => file.users)),
    firstByName(files.map((file) => file.contexts)),
    files.find((file) => file.currentContext)?.currentContext,
  );
}

function readKubeconfigList(list: string): Kubeconfig {
  const paths = list.split(delimiter).filter(Boolean);
  const existing = paths.filter((path) => existsSync(path));
  if (existing.length === 0) {
    throw new ClusterConfigError(`none of the files in KUBECONFIG exist: ${paths.join(', ')}`);
  }
  return merge(existing.map(readFile));
}

function requireContexts(kubeconfig: Kubeconfig, where: string): Kubeconfig {
  if (kubeconfig.contexts.length === 0) {
    throw new ClusterConfigError(`the kubeconfig ${where} defines no context`);
  }
  return kubeconfig;
}

/**
 * The kubeconfig to use, or undefined when none is given and none exists where kubectl looks
 * (the caller may then fall back to the in-cluster configuration).
 */
export function loadKubeconfig(
  source: KubeconfigSource,
  env: NodeJS.ProcessEnv = process.env,
): Kubeconfig | undefined {
  if (source.kubeconfigYaml !== undefined) {
    const yaml = source.kubeconfigYaml;
    return requireContexts(
      parse('given as text', () => parseKubeconfig(yaml)),
      'given as text',
    );
  }
  if (source.kubeconfigPath) return requireContexts(readFile(source.kubeconfigPath), source.kubeconfigPath);
  if (env.KUBECONFIG) return requireContexts(readKubeconfigList(env.KUBECONFIG), `list ${env.KUBECONFIG}`);
  const defaultPath = join(env.HOME || homedir(), '.kube', 'config');
  return existsSync(defaultPath) ? requireContexts(readFile(defaultPath), defaultPath) : undefined;
}
