// The build-time data scripts/generate-openapi.ts derives from the real Kubernetes OpenAPI
// document, typed loosely: it is served and walked, never edited.
import gvkIndexJson from './generated/gvk-index.json' with { type: 'json' };
import openApiV2Json from './generated/openapi-v2.json' with { type: 'json' };
import patchMetaJson from './generated/patch-meta.json' with { type: 'json' };

export type JsonObject = Record<string, unknown>;

export interface SwaggerDocument {
  swagger: string;
  info: JsonObject;
  paths: Record<string, JsonObject>;
  definitions: Record<string, JsonObject>;
  parameters: Record<string, JsonObject>;
  security?: unknown[];
  securityDefinitions?: Record<string, JsonObject>;
}

/** What a strategic merge needs to know about one field of a definition. */
export interface FieldPatchMeta {
  /** Definition of the field's value, or of each list item or map value, when that is an object. */
  ref?: string;
  type?: 'array' | 'map';
  patchMergeKey?: string;
  patchStrategy?: string;
  listType?: string;
  listMapKeys?: string[];
}

/** The served built-in API: paths, definitions and shared parameters of the real document. */
export const BUILTIN_OPENAPI_V2 = openApiV2Json as unknown as SwaggerDocument;

/** Definition name -> field name -> patch metadata, for fields that have any. */
export const BUILTIN_PATCH_META = patchMetaJson as unknown as Record<string, Record<string, FieldPatchMeta>>;

/** apiVersion ('v1', 'apps/v1') -> kind -> definition name. */
export const BUILTIN_GVK_INDEX = gvkIndexJson as unknown as Record<string, Record<string, string>>;
