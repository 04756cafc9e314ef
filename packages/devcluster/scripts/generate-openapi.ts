// Generates the devcluster's OpenAPI data from the real Kubernetes 1.36 OpenAPI v2 document.
//
// Regenerate (after changing SERVED below or the source document):
//   npm run generate:openapi -- [path/to/kubernetes-swagger.json]
// The source defaults to the workspace's shared/data/kubernetes-1.36-swagger.json. Output, committed as is:
//   src/openapi/generated/openapi-v2.json  the swagger, trimmed to the served API
//   src/openapi/generated/patch-meta.json  per definition: merge keys, list types, child refs
//   src/openapi/generated/gvk-index.json   apiVersion -> kind -> definition name

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldPatchMeta } from '../src/openapi/generated-spec.js';

type Json = Record<string, unknown>;
type Schema = Json;

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Resources per group-version, each with the subresources the simulator answers. */
const SERVED: Record<string, Record<string, string[]>> = {
  'api/v1': {
    componentstatuses: [],
    namespaces: ['status'],
    pods: ['status', 'log', 'exec', 'eviction'],
    services: ['status'],
    configmaps: [],
    secrets: [],
    serviceaccounts: ['token'],
    events: [],
    nodes: ['status'],
    persistentvolumeclaims: ['status'],
    persistentvolumes: ['status'],
    resourcequotas: ['status'],
    limitranges: [],
    endpoints: [],
  },
  'apis/apps/v1': {
    deployments: ['status', 'scale'],
    replicasets: ['status', 'scale'],
    statefulsets: ['status', 'scale'],
    daemonsets: ['status'],
  },
  'apis/batch/v1': { jobs: ['status'], cronjobs: ['status'] },
  'apis/rbac.authorization.k8s.io/v1': {
    roles: [],
    clusterroles: [],
    rolebindings: [],
    clusterrolebindings: [],
  },
  'apis/networking.k8s.io/v1': { networkpolicies: [], ingresses: ['status'], ingressclasses: [] },
  'apis/autoscaling/v2': { horizontalpodautoscalers: ['status'] },
  'apis/autoscaling/v1': { horizontalpodautoscalers: ['status'] },
  'apis/discovery.k8s.io/v1': { endpointslices: [] },
  'apis/scheduling.k8s.io/v1': { priorityclasses: [] },
  'apis/policy/v1': { poddisruptionbudgets: ['status'] },
  'apis/apiextensions.k8s.io/v1': { customresourcedefinitions: ['status'] },
  'apis/authorization.k8s.io/v1': { selfsubjectaccessreviews: [], selfsubjectrulesreviews: [] },
};

/** Paths outside any group-version that kube-apiserver documents and the simulator serves. */
const SERVED_ROOT_PATHS = new Set(['/api/', '/apis/', '/version/']);

const here = dirname(fileURLToPath(import.meta.url));
const sourcePath = resolve(
  process.argv[2] ?? resolve(here, '../../../../shared/data/kubernetes-1.36-swagger.json'),
);
const outDir = resolve(here, '../src/openapi/generated');

const swagger = JSON.parse(readFileSync(sourcePath, 'utf8')) as {
  paths: Record<string, Json>;
  definitions: Record<string, Schema>;
  parameters: Record<string, Json>;
  [key: string]: unknown;
};

const servedGroupVersions = new Map(
  Object.entries(SERVED).map(([prefix]) => [prefix, groupVersionOf(prefix)] as const),
);

function groupVersionOf(prefix: string): { group: string; version: string } {
  const parts = prefix.split('/');
  return parts[0] === 'api'
    ? { group: '', version: parts[1] ?? '' }
    : { group: parts[1] ?? '', version: parts[2] ?? '' };
}

function isServedPath(path: string): boolean {
  if (SERVED_ROOT_PATHS.has(path)) return true;
  for (const [prefix, resources] of Object.entries(SERVED)) {
    const group = prefix.split('/')[1];
    if (prefix.startsWith('apis/') && path === `/apis/${group}/`) return true;
    if (path === `/${prefix}/`) return true;
    if (!path.startsWith(`/${prefix}/`)) continue;
    // Legacy /watch/ paths are left out: clients watch with ?watch=true.
    const segments = path
      .slice(prefix.length + 2)
      .split('/')
      .filter((segment) => segment !== '');
    const namespaced = segments[0] === 'namespaces' && segments[1] === '{namespace}' && segments.length > 2;
    const [resource, name, subresource, ...rest] = namespaced ? segments.slice(2) : segments;
    if (resource === undefined || rest.length > 0) return false;
    const subresources = resources[resource];
    if (subresources === undefined) return false;
    if (name !== undefined && name !== '{name}') return false;
    return subresource === undefined || subresources.includes(subresource);
  }
  return false;
}

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.add(child);
      else collectRefs(child, into);
    }
  }
}

function refName(ref: string, section: 'definitions' | 'parameters'): string | undefined {
  const prefix = `#/${section}/`;
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

/** Keeps only the group-version-kinds the simulator serves (shared types list every group). */
function servedKinds(schema: Schema): GroupVersionKind[] | undefined {
  const kinds = schema['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined;
  if (kinds === undefined) return undefined;
  return kinds.filter((gvk) =>
    [...servedGroupVersions.values()].some((gv) => gv.group === gvk.group && gv.version === gvk.version),
  );
}

const paths = Object.fromEntries(Object.entries(swagger.paths).filter(([path]) => isServedPath(path)));

const parameterRefs = new Set<string>();
collectRefs(paths, parameterRefs);
const parameters = Object.fromEntries(
  [...parameterRefs]
    .map((ref) => refName(ref, 'parameters'))
    .filter((name): name is string => name !== undefined)
    .sort()
    .map((name) => [name, swagger.parameters[name]]),
);

const definitions: Record<string, Schema> = {};
const pending = new Set<string>();
collectRefs([paths, parameters], pending);
for (const ref of pending) {
  const name = refName(ref, 'definitions');
  if (name === undefined || name in definitions) continue;
  const schema = swagger.definitions[name];
  if (schema === undefined) throw new Error(`dangling $ref ${ref}`);
  const kinds = servedKinds(schema);
  definitions[name] = kinds === undefined ? schema : { ...schema, 'x-kubernetes-group-version-kind': kinds };
  collectRefs(schema, pending); // a Set iterates over entries added while iterating
}
const sortedDefinitions = Object.fromEntries(
  Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)),
);

const openApiV2 = { ...swagger, paths, definitions: sortedDefinitions, parameters };

function isObjectDefinition(name: string): boolean {
  const schema = definitions[name];
  return schema !== undefined && schema.properties !== undefined;
}

function fieldPatchMeta(field: Schema): FieldPatchMeta | undefined {
  const meta: FieldPatchMeta = {};
  const items = field.items as Schema | undefined;
  const mapValues = field.additionalProperties as Schema | undefined;
  const valueRef = (field.$ref ?? items?.$ref ?? mapValues?.$ref) as string | undefined;
  const target = valueRef === undefined ? undefined : refName(valueRef, 'definitions');
  if (target !== undefined && isObjectDefinition(target)) meta.ref = target;
  if (field.type === 'array') meta.type = 'array';
  else if (mapValues !== undefined && typeof mapValues === 'object') meta.type = 'map';
  if (typeof field['x-kubernetes-patch-merge-key'] === 'string') {
    meta.patchMergeKey = field['x-kubernetes-patch-merge-key'];
  }
  if (typeof field['x-kubernetes-patch-strategy'] === 'string') {
    meta.patchStrategy = field['x-kubernetes-patch-strategy'];
  }
  if (typeof field['x-kubernetes-list-type'] === 'string') meta.listType = field['x-kubernetes-list-type'];
  if (Array.isArray(field['x-kubernetes-list-map-keys'])) {
    meta.listMapKeys = field['x-kubernetes-list-map-keys'] as string[];
  }
  const onlyShape = Object.keys(meta).every((key) => key === 'type');
  return onlyShape ? undefined : meta;
}

const patchMeta: Record<string, Record<string, FieldPatchMeta>> = {};
for (const [name, schema] of Object.entries(sortedDefinitions)) {
  const fields: Record<string, FieldPatchMeta> = {};
  for (const [field, fieldSchema] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const meta = fieldPatchMeta(fieldSchema);
    if (meta !== undefined) fields[field] = meta;
  }
  if (Object.keys(fields).length > 0) patchMeta[name] = fields;
}

const gvkIndex: Record<string, Record<string, string>> = {};
for (const [name, schema] of Object.entries(sortedDefinitions)) {
  for (const { group, version, kind } of servedKinds(schema) ?? []) {
    const apiVersion = group === '' ? version : `${group}/${version}`;
    gvkIndex[apiVersion] ??= {};
    const claimed = gvkIndex[apiVersion][kind];
    if (claimed !== undefined) throw new Error(`${apiVersion} ${kind}: both ${claimed} and ${name}`);
    gvkIndex[apiVersion][kind] = name;
  }
}

mkdirSync(outDir, { recursive: true });
const outputs = { 'openapi-v2.json': openApiV2, 'patch-meta.json': patchMeta, 'gvk-index.json': gvkIndex };
for (const [file, content] of Object.entries(outputs)) {
  const text = `${JSON.stringify(content)}\n`;
  writeFileSync(resolve(outDir, file), text);
  console.log(`${file}: ${text.length} bytes`);
}
console.log(`${Object.keys(paths).length} paths, ${Object.keys(definitions).length} definitions`);
