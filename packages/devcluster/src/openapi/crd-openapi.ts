// The OpenAPI paths and definitions kube-apiserver publishes for CustomResourceDefinitions
// (apiextensions-apiserver's openapi builder): one definition per served version, named
// after the reversed group (`com.example.v1.Widget`), plus its List and REST paths. The
// paths are cut from a built-in resource of the same shape so that they carry the real
// parameters and descriptions; schemas keep OpenAPI v3 keywords (see toSwaggerSchema for v2).
import type { KubeObject } from '../types.js';
import { BUILTIN_OPENAPI_V2, type JsonObject } from './generated-spec.js';

interface CrdVersion {
  name: string;
  served?: boolean;
  schema?: { openAPIV3Schema?: JsonObject };
  subresources?: { status?: unknown; scale?: unknown };
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: { kind: string; plural: string; listKind?: string };
  versions: CrdVersion[];
}

export interface OpenApiFragment {
  paths: Record<string, JsonObject>;
  definitions: Record<string, JsonObject>;
}

/** A built-in resource whose paths serve as the template for a custom resource's paths. */
interface PathTemplate {
  prefix: string;
  plural: string;
  kind: string;
  definitionPrefix: string;
  operationPrefix: string;
  /** Template paths relative to the prefix, keyed by the subresource they need ('' for none). */
  paths: Record<string, '' | 'status' | 'scale'>;
}

const NAMESPACED_TEMPLATE: PathTemplate = {
  prefix: '/apis/apps/v1',
  plural: 'deployments',
  kind: 'Deployment',
  definitionPrefix: 'io.k8s.api.apps.v1.',
  operationPrefix: 'AppsV1',
  paths: {
    '/deployments': '',
    '/namespaces/{namespace}/deployments': '',
    '/namespaces/{namespace}/deployments/{name}': '',
    '/namespaces/{namespace}/deployments/{name}/status': 'status',
    '/namespaces/{namespace}/deployments/{name}/scale': 'scale',
  },
};

// No built-in cluster-scoped kind has a scale subresource, so cluster-scoped scale is not published.
const CLUSTER_TEMPLATE: PathTemplate = {
  prefix: '/api/v1',
  plural: 'nodes',
  kind: 'Node',
  definitionPrefix: 'io.k8s.api.core.v1.',
  operationPrefix: 'CoreV1',
  paths: { '/nodes': '', '/nodes/{name}': '', '/nodes/{name}/status': 'status' },
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** The definition name kube-apiserver gives a custom kind: reversed group, version, kind. */
export function crdDefinitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/** e.g. 'stable.example.com' 'v1' -> 'StableExampleComV1', the infix of operation ids. */
function operationInfix(group: string, version: string): string {
  return [...group.split(/[.-]/), version]
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function tagFor(group: string, version: string): string {
  const infix = operationInfix(group, '');
  return `${infix.charAt(0).toLowerCase()}${infix.slice(1)}_${version}`;
}

function isCrdSpec(spec: unknown): spec is CrdSpec {
  const candidate = spec as Partial<CrdSpec> | undefined;
  return (
    typeof candidate?.group === 'string' && Array.isArray(candidate.versions) && candidate.names !== undefined
  );
}

function builtinProperty(definition: string, property: string): JsonObject {
  const properties = BUILTIN_OPENAPI_V2.definitions[definition]?.properties as Record<string, JsonObject>;
  const schema = properties[property];
  if (schema === undefined) throw new Error(`${definition} has no property ${property}`);
  return schema;
}

function objectDefinition(spec: CrdSpec, version: CrdVersion): JsonObject {
  const schema = structuredClone(version.schema?.openAPIV3Schema ?? { type: 'object' });
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  schema.type = 'object';
  schema.properties = {
    ...properties,
    apiVersion: builtinProperty('io.k8s.api.apps.v1.Deployment', 'apiVersion'),
    kind: builtinProperty('io.k8s.api.apps.v1.Deployment', 'kind'),
    metadata: builtinProperty('io.k8s.api.apps.v1.Deployment', 'metadata'),
  };
  schema['x-kubernetes-group-version-kind'] = [
    { group: spec.group, kind: spec.names.kind, version: version.name },
  ];
  return schema;
}

function listDefinition(spec: CrdSpec, version: CrdVersion, itemDefinition: string): JsonObject {
  const listKind = spec.names.listKind ?? `${spec.names.kind}List`;
  return {
    description: `${listKind} is a list of ${spec.names.kind}`,
    properties: {
      apiVersion: builtinProperty('io.k8s.api.apps.v1.DeploymentList', 'apiVersion'),
      items: {
        description: `List of ${spec.names.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        items: { $ref: `#/definitions/${itemDefinition}` },
        type: 'array',
      },
      kind: builtinProperty('io.k8s.api.apps.v1.DeploymentList', 'kind'),
      metadata: builtinProperty('io.k8s.api.apps.v1.DeploymentList', 'metadata'),
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: spec.group, kind: listKind, version: version.name }],
  };
}

/** Rewrites every string and reference of a template path item for the custom kind. */
function rewritePathItem(
  template: PathTemplate,
  item: JsonObject,
  spec: CrdSpec,
  version: string,
): JsonObject {
  const kind = spec.names.kind;
  const listKind = spec.names.listKind ?? `${kind}List`;
  const definition = crdDefinitionName(spec.group, version, kind);
  const refs: Record<string, string> = {
    [`#/definitions/${template.definitionPrefix}${template.kind}`]: `#/definitions/${definition}`,
    [`#/definitions/${template.definitionPrefix}${template.kind}List`]: `#/definitions/${crdDefinitionName(spec.group, version, listKind)}`,
  };
  const kindWord = new RegExp(`${template.kind}(?![a-z])`, 'g');
  const rewrite = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((entry) => rewrite(entry, ''));
    if (value !== null && typeof value === 'object') {
      const object = value as JsonObject;
      if (key === 'x-kubernetes-group-version-kind' && object.kind === template.kind) {
        return { group: spec.group, kind, version };
      }
      return Object.fromEntries(
        Object.entries(object).map(([child, entry]) => [child, rewrite(entry, child)]),
      );
    }
    if (typeof value !== 'string') return value;
    if (key === '$ref') return refs[value] ?? value;
    if (key === 'operationId') {
      return value
        .replace(template.operationPrefix, operationInfix(spec.group, version))
        .replace(kindWord, kind);
    }
    if (key === 'description') return value.replace(kindWord, kind);
    return value;
  };
  const rewritten = rewrite(item, '') as JsonObject;
  for (const [method, operation] of Object.entries(rewritten)) {
    if (HTTP_METHODS.has(method)) (operation as JsonObject).tags = [tagFor(spec.group, version)];
  }
  return rewritten;
}

function crdPaths(spec: CrdSpec, version: CrdVersion): Record<string, JsonObject> {
  const template = spec.scope === 'Cluster' ? CLUSTER_TEMPLATE : NAMESPACED_TEMPLATE;
  const paths: Record<string, JsonObject> = {};
  for (const [relative, needs] of Object.entries(template.paths)) {
    if (needs !== '' && version.subresources?.[needs] === undefined) continue;
    const item = BUILTIN_OPENAPI_V2.paths[`${template.prefix}${relative}`];
    if (item === undefined) throw new Error(`template path ${template.prefix}${relative} is not generated`);
    const path = `/apis/${spec.group}/${version.name}${relative.replace(template.plural, spec.names.plural)}`;
    paths[path] = rewritePathItem(template, item, spec, version.name);
  }
  return paths;
}

/** Paths and definitions of every served version of the given CustomResourceDefinitions. */
export function crdOpenApiFragment(crds: KubeObject[]): OpenApiFragment {
  const fragment: OpenApiFragment = { paths: {}, definitions: {} };
  for (const crd of crds) {
    if (!isCrdSpec(crd.spec)) continue;
    const spec = crd.spec;
    for (const version of spec.versions.filter((candidate) => candidate.served !== false)) {
      const name = crdDefinitionName(spec.group, version.name, spec.names.kind);
      const listName = crdDefinitionName(
        spec.group,
        version.name,
        spec.names.listKind ?? `${spec.names.kind}List`,
      );
      fragment.definitions[name] = objectDefinition(spec, version);
      fragment.definitions[listName] = listDefinition(spec, version, name);
      Object.assign(fragment.paths, crdPaths(spec, version));
    }
  }
  return fragment;
}
