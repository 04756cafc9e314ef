// GET /openapi/v2: the served built-in API plus every served custom resource version.
import type { KubeObject } from '../types.js';
import { crdOpenApiFragment } from './crd-openapi.js';
import { BUILTIN_OPENAPI_V2, type SwaggerDocument } from './generated-spec.js';
import { toSwaggerSchema } from './swagger-schema.js';

export function openApiV2(crds: KubeObject[]): SwaggerDocument {
  const custom = crdOpenApiFragment(crds);
  const customDefinitions = Object.fromEntries(
    Object.entries(custom.definitions).map(([name, schema]) => [name, toSwaggerSchema(schema)]),
  );
  return {
    ...BUILTIN_OPENAPI_V2,
    paths: { ...BUILTIN_OPENAPI_V2.paths, ...custom.paths },
    definitions: { ...BUILTIN_OPENAPI_V2.definitions, ...customDefinitions },
  };
}
