// Custom resource schemas are OpenAPI v3; /openapi/v2 publishes them the way kube-apiserver's
// ToStructuralOpenAPIV2 does: without the keywords Swagger 2.0 lacks, so that v2 clients
// (gnostic, kubectl's v2 validation) can still parse the document.
import type { JsonObject } from './generated-spec.js';

const V3_ONLY_KEYWORDS = new Set(['nullable', 'oneOf', 'anyOf', 'not', 'allOf']);

/** A copy of an OpenAPI v3 schema with the keywords Swagger 2.0 does not know removed. */
export function toSwaggerSchema(schema: JsonObject): JsonObject {
  const converted: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (V3_ONLY_KEYWORDS.has(keyword)) continue;
    converted[keyword] = convertKeyword(keyword, value);
  }
  return converted;
}

function isSchema(candidate: unknown): candidate is JsonObject {
  return candidate !== null && typeof candidate === 'object' && !Array.isArray(candidate);
}

function convertKeyword(keyword: string, value: unknown): unknown {
  switch (keyword) {
    case 'properties':
    case 'patternProperties':
    case 'definitions':
      return Object.fromEntries(
        Object.entries(value as Record<string, JsonObject>).map(([name, child]) => [
          name,
          toSwaggerSchema(child),
        ]),
      );
    case 'items':
      return Array.isArray(value)
        ? value.map((child) => toSwaggerSchema(child))
        : toSwaggerSchema(value as JsonObject);
    case 'additionalProperties':
    case 'additionalItems':
      return isSchema(value) ? toSwaggerSchema(value) : value;
    default:
      return value;
  }
}
