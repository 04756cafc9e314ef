// GET /openapi/v3/<group-version>: kube-apiserver serves one OpenAPI 3.0 document per
// group-version ('api/v1', 'apis/apps/v1') and per discovery root ('api', 'apis', 'apis/apps',
// 'version'), each holding its paths and every schema those paths reach.
import type { KubeObject } from '../types.js';
import type { JsonObject } from './generated-spec.js';
import { openApiV2 } from './openapi-v2.js';
import { toOpenApiV3 } from './openapi-v3-conversion.js';

const DEFINITIONS_PREFIX = '#/definitions/';
const PARAMETERS_PREFIX = '#/parameters/';

/** The /openapi/v3 key of a REST path: '/apis/apps/v1/deployments' -> 'apis/apps/v1'. */
export function openApiV3Key(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  const depth = segments[0] === 'api' ? 2 : segments[0] === 'apis' ? 3 : 1;
  return segments.slice(0, depth).join('/');
}

/** Adds the names that `$ref`s under `value` point to within one section ('#/definitions/'). */
function collectRefs(value: unknown, prefix: string, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, prefix, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        if (child.startsWith(prefix)) into.add(child.slice(prefix.length));
      } else {
        collectRefs(child, prefix, into);
      }
    }
  }
}

/** Every OpenAPI v3 document, keyed as in the /openapi/v3 index. */
export function openApiV3Documents(crds: KubeObject[]): Map<string, JsonObject> {
  const swagger = openApiV2(crds);
  const pathsByKey = new Map<string, Record<string, JsonObject>>();
  for (const [path, item] of Object.entries(swagger.paths)) {
    const key = openApiV3Key(path);
    pathsByKey.set(key, { ...pathsByKey.get(key), [path]: item });
  }
  const documents = new Map<string, JsonObject>();
  for (const [key, paths] of [...pathsByKey].sort(([a], [b]) => a.localeCompare(b))) {
    const usedParameters = new Set<string>();
    collectRefs(paths, PARAMETERS_PREFIX, usedParameters);
    const reached = new Set<string>();
    collectRefs(
      [paths, [...usedParameters].map((name) => swagger.parameters[name])],
      DEFINITIONS_PREFIX,
      reached,
    );
    // A Set iterates over the names added while iterating, so this follows refs transitively.
    for (const name of reached) collectRefs(swagger.definitions[name], DEFINITIONS_PREFIX, reached);
    const definitions = Object.fromEntries(
      [...reached].sort().map((name) => [name, swagger.definitions[name] ?? {}]),
    );
    documents.set(key, toOpenApiV3({ ...swagger, paths, definitions }));
  }
  return documents;
}
