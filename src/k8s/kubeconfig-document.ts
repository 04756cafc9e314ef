// A kubeconfig read into the shapes client-node uses (Cluster, User, Context), by the same rules as
// its KubeConfig.loadFromString/loadFromFile, but with the `yaml` package the server loads anyway:
// client-node (over a megabyte of code) is then loaded only when a credential is first needed.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { KUBERNETES_YAML } from './kubernetes-yaml.js';

type Entry = Record<string, unknown> & { name?: unknown };

function entries(value: unknown): Entry[] {
  return Array.isArray(value) ? (value as Entry[]) : [];
}

function section(entry: Entry, key: string): Record<string, unknown> | undefined {
  const value = entry[key];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : (value as string);
}

function readCluster(entry: Entry, index: number): Cluster {
  if (!entry.name) throw new Error(`clusters[${index}].name is missing`);
  const cluster = section(entry, 'cluster');
  if (!cluster) throw new Error(`clusters[${index}].cluster is missing`);
  if (!cluster.server) throw new Error(`clusters[${index}].cluster.server is missing`);
  return {
    caData: text(cluster['certificate-authority-data']),
    caFile: text(cluster['certificate-authority']),
    name: entry.name as string,
    server: String(cluster.server).replace(/\/$/, ''),
    skipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: text(cluster['tls-server-name']),
    proxyUrl: text(cluster['proxy-url']),
  };
}

function readToken(user: Record<string, unknown> | undefined): string | undefined {
  if (user?.token) return user.token as string;
  const file = user?.['token-file'];
  return file ? readFileSync(file as string).toString() : undefined;
}

function readUser(entry: Entry, index: number): User {
  if (!entry.name) throw new Error(`users[${index}].name is missing`);
  const user = section(entry, 'user');
  return {
    authProvider: user?.['auth-provider'],
    certData: text(user?.['client-certificate-data']),
    certFile: text(user?.['client-certificate']),
    exec: user?.exec,
    keyData: text(user?.['client-key-data']),
    keyFile: text(user?.['client-key']),
    name: entry.name as string,
    token: readToken(user),
    password: text(user?.password),
    username: text(user?.username),
    impersonateUser: text(user?.as),
  };
}

function readContext(entry: Entry, index: number): Context {
  if (!entry.name) throw new Error(`contexts[${index}].name is missing`);
  const context = section(entry, 'context');
  if (!context) throw new Error(`contexts[${index}].context is missing`);
  if (!context.cluster) throw new Error(`contexts[${index}].context.cluster is missing`);
  return {
    cluster: context.cluster as string,
    name: entry.name as string,
    user: (context.user || undefined) as string,
    namespace: (context.namespace || undefined) as string | undefined,
  };
}

/** The clusters, users and contexts of one kubeconfig (or of several, merged). */
export class Kubeconfig {
  constructor(
    readonly clusters: Cluster[],
    readonly users: User[],
    readonly contexts: Context[],
    readonly currentContext: string | undefined,
  ) {}

  getCluster(name: string): Cluster | undefined {
    return this.clusters.find((cluster) => cluster.name === name);
  }

  getUser(name: string): User | undefined {
    return this.users.find((user) => user.name === name);
  }

  getContextObject(name: string): Context | undefined {
    return this.contexts.find((context) => context.name === name);
  }
}

/** Parses kubeconfig YAML; throws an Error naming the first invalid entry. */
export function parseKubeconfig(yamlText: string): Kubeconfig {
  const document: unknown = parse(yamlText, KUBERNETES_YAML);
  if (!document || typeof document !== 'object') throw new Error('the document is not a YAML mapping');
  const config = document as Record<string, unknown>;
  return new Kubeconfig(
    entries(config.clusters).map(readCluster),
    entries(config.users).map(readUser),
    entries(config.contexts).map(readContext),
    text(config['current-context']),
  );
}

function absolute(root: string, file: string | undefined): string | undefined {
  return file && !isAbsolute(file) ? join(root, file) : file;
}

/** Reads a kubeconfig file; relative certificate and key paths are relative to its directory. */
export function readKubeconfigFile(path: string): Kubeconfig {
  const parsed = parseKubeconfig(readFileSync(path, 'utf-8'));
  const root = dirname(path);
  return new Kubeconfig(
    parsed.clusters.map((cluster) => ({ ...cluster, caFile: absolute(root, cluster.caFile) })),
    parsed.users.map((user) => ({
      ...user,
      certFile: absolute(root, user.certFile),
      keyFile: absolute(root, user.keyFile),
    })),
    parsed.contexts,
    parsed.currentContext,
  );
}
