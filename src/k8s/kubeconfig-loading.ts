// Finding and reading kubeconfigs as kubectl does: --kubeconfig, else the KUBECONFIG list
// (missing files skipped, the first file to name a context, cluster or user wins), else
// ~/.kube/config. client-node parses each file; failures become one clear sentence.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConfigError } from './cluster-config-error.js';

export interface KubeconfigSource {
  kubeconfigPath?: string;
  kubeconfigYaml?: string;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function parse(where: string, load: (kubeconfig: KubeConfig) => void): KubeConfig {
  const kubeconfig = new KubeConfig();
  try {
    load(kubeconfig);
  } catch (error) {
    throw new ClusterConfigError(`the kubeconfig ${where} is not valid: ${firstLine(error)}`);
  }
  return kubeconfig;
}

function readFile(path: string): KubeConfig {
  if (!existsSync(path)) throw new ClusterConfigError(`the kubeconfig ${path} does not exist`);
  return parse(path, (kubeconfig) => kubeconfig.loadFromFile(path));
}

function firstByName<T extends { name: string }>(lists: T[][]): T[] {
  const byName = new Map<string, T>();
  for (const item of lists.flat()) if (!byName.has(item.name)) byName.set(item.name, item);
  return [...byName.values()];
}

function merge(files: KubeConfig[]): KubeConfig {
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: firstByName(files.map((file) => file.clusters)),
    users: firstByName(files.map((file) => file.users)),
    contexts: firstByName(files.map((file) => file.contexts)),
    currentContext: files.find((file) => file.currentContext)?.currentContext,
  });
  return merged;
}

function readKubeconfigList(list: string): KubeConfig {
  const paths = list.split(delimiter).filter(Boolean);
  const existing = paths.filter((path) => existsSync(path));
  if (existing.length === 0) {
    throw new ClusterConfigError(`none of the files in KUBECONFIG exist: ${paths.join(', ')}`);
  }
  return merge(existing.map(readFile));
}

function requireContexts(kubeconfig: KubeConfig, where: string): KubeConfig {
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
): KubeConfig | undefined {
  if (source.kubeconfigYaml !== undefined) {
    const yaml = source.kubeconfigYaml;
    return requireContexts(
      parse('given as text', (kubeconfig) => kubeconfig.loadFromString(yaml)),
      'given as text',
    );
  }
  if (source.kubeconfigPath) return requireContexts(readFile(source.kubeconfigPath), source.kubeconfigPath);
  if (env.KUBECONFIG) return requireContexts(readKubeconfigList(env.KUBECONFIG), `list ${env.KUBECONFIG}`);
  const defaultPath = join(env.HOME || homedir(), '.kube', 'config');
  return existsSync(defaultPath) ? requireContexts(readFile(defaultPath), defaultPath) : undefined;
}
