// The PATCH handler's core (apiserver endpoints/handlers/patch.go): picks the patch algorithm by media type,
// decodes the body with the apiserver's messages, applies it to the stored object and checks the result
// still names the object of the URL. The caller stores the result with the usual update rules.
import { type ApiError, badRequest, internalError } from '../api/status.js';
import { definitionForKind } from '../openapi/index.js';
import type { KubeObject } from '../types.js';
import { cannotUnmarshal, parseJsonLikeGo } from './go-json.js';
import { applyJsonPatch, JsonPatchFailure, type JsonPatchOperation } from './json-patch.js';
import { isJsonMap, mergePatch } from './merge-patch.js';
import {
  jsonPatchNotApplicable,
  routeUnsupportedMediaType,
  unknownServerError,
  unsupportedPatchType,
} from './patch-status.js';
import { checkPatchedIdentity } from './patched-identity.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import { StrategicPatchError } from './strategic-patch-error.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** Patch media types of built-in resources, in the order the apiserver lists them (installer.go). */
export const BUILT_IN_PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH] as const;
/** Custom resources have no strategic merge (apiextensions customresource_handler.go). */
export const CUSTOM_RESOURCE_PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] as const;

export interface PatchOptions {
  isCustomResource: boolean;
}

/** The media type of a Content-Type header; the handler cuts at the first ';' (a charset parameter). */
export function patchMediaType(contentType: string): string {
  return contentType.split(';')[0]?.trim() ?? '';
}

/** Refuses a media type the resource does not accept, as the real server for its kind of resource. */
function checkMediaType(mediaType: string, options: PatchOptions): void {
  const accepted: readonly string[] = options.isCustomResource
    ? CUSTOM_RESOURCE_PATCH_TYPES
    : BUILT_IN_PATCH_TYPES;
  if (accepted.includes(mediaType)) return;
  // Built-in routes declare what they consume, so go-restful refuses before the patch handler runs.
  throw options.isCustomResource ? unsupportedPatchType(accepted) : routeUnsupportedMediaType();
}

function decodeBody(body: Buffer, messagePrefix: string): unknown {
  try {
    return parseJsonLikeGo(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`${messagePrefix}${(error as Error).message}`);
  }
}

/** The Go type error of a decoded value, as a 400 with the handler's message prefix. */
function undecodable(value: unknown, goType: string, messagePrefix: string, structField?: string): ApiError {
  return badRequest(`${messagePrefix}${cannotUnmarshal(value, goType, structField).message}`);
}

const JSON_PATCH_PREFIX = 'error decoding patch: ';

/** The strict decode into []jsonPatchOp that patch.go does first (fieldValidation defaults to Warn). */
function decodeJsonPatch(body: Buffer): JsonPatchOperation[] {
  const decoded = decodeBody(body, JSON_PATCH_PREFIX) ?? [];
  if (!Array.isArray(decoded)) throw undecodable(decoded, '[]handlers.jsonPatchOp', JSON_PATCH_PREFIX);
  for (const operation of decoded) {
    if (operation === null) continue;
    if (!isJsonMap(operation)) throw undecodable(operation, 'handlers.jsonPatchOp', JSON_PATCH_PREFIX);
    for (const field of ['op', 'path', 'from'] as const) {
      const value = operation[field];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw undecodable(value, 'string', JSON_PATCH_PREFIX, `jsonPatchOp.${field}`);
      }
    }
  }
  return decoded.map((operation) => (operation ?? {}) as JsonPatchOperation);
}

/** Merge and strategic merge patches decode into map[string]interface{}. */
function decodeMapPatch(decoded: unknown, messagePrefix: string): Record<string, unknown> {
  if (!isJsonMap(decoded)) throw undecodable(decoded, 'map[string]interface {}', messagePrefix);
  return decoded;
}

function applyJsonPatchBody(current: KubeObject, body: Buffer): unknown {
  const operations = decodeJsonPatch(body);
  try {
    return applyJsonPatch(current, operations);
  } catch (error) {
    if (error instanceof JsonPatchFailure) throw jsonPatchNotApplicable();
    throw error;
  }
}

function applyMergePatchBody(current: KubeObject, body: Buffer): unknown {
  const decoded = decodeBody(body, JSON_PATCH_PREFIX);
  // The strict decode accepts a literal null; json-patch's MergePatch then refuses it (ErrBadJSONPatch).
  if (decoded === null) throw badRequest('Invalid JSON Patch');
  return mergePatch(current, decodeMapPatch(decoded, JSON_PATCH_PREFIX));
}

function applyStrategicPatchBody(current: KubeObject, body: Buffer): unknown {
  const decoded = decodeBody(body, '');
  const patch = decoded === null ? {} : decodeMapPatch(decoded, '');
  try {
    return strategicMergePatch(current, patch, definitionForKind(current.apiVersion, current.kind));
  } catch (error) {
    if (!(error instanceof StrategicPatchError)) throw error;
    if (error.answer === 'BadRequest') throw badRequest(error.message);
    if (error.answer === 'Invalid') throw jsonPatchNotApplicable();
    throw unknownServerError(error.message);
  }
}

/**
 * Applies a PATCH request body to the stored object and returns the patched object, or throws the
 * ApiError the real kube-apiserver answers. Server-side apply (application/apply-patch+yaml) is not
 * handled here: the caller routes it elsewhere.
 */
export function applyPatch(
  current: KubeObject,
  contentType: string,
  body: Buffer,
  options: PatchOptions,
): KubeObject {
  const mediaType = patchMediaType(contentType);
  checkMediaType(mediaType, options);
  let patched: unknown;
  if (mediaType === JSON_PATCH) patched = applyJsonPatchBody(current, body);
  else if (mediaType === MERGE_PATCH) patched = applyMergePatchBody(current, body);
  else if (mediaType === STRATEGIC_MERGE_PATCH) patched = applyStrategicPatchBody(current, body);
  else throw internalError(`${mediaType} patches are handled by server-side apply`);
  return checkPatchedIdentity(current, patched, {
    ...options,
    strategic: mediaType === STRATEGIC_MERGE_PATCH,
  });
}
