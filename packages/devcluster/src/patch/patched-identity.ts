// What happens to a patched object's apiVersion, kind, namespace and name before it is stored: the
// decode into the resource's type, rest.EnsureObjectNamespaceMatchesRequestNamespace and checkName of
// patch.go, and for custom resources the type meta validation of their strategy.
import { badRequest, invalid, type StatusCause } from '../api/status.js';
import { definitionForKind } from '../openapi/index.js';
import type { KubeObject } from '../types.js';
import { goMarshal } from './go-format.js';
import { isJsonMap } from './merge-patch.js';
import { patchedObjectUndecodable } from './patch-status.js';

export interface IdentityOptions {
  isCustomResource: boolean;
  /** Strategic merge decodes into the typed object, which keeps its own apiVersion and kind. */
  strategic: boolean;
}

const LEGACY_SCHEME = 'pkg/api/legacyscheme/scheme.go:30';
const FIND_KIND_TYPE =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The json serializer's decode into a built-in type: missing type meta defaults to the resource's. */
function settleBuiltInTypeMeta(
  current: KubeObject,
  patched: Record<string, unknown>,
  options: IdentityOptions,
): void {
  const apiVersion = text(patched.apiVersion) || current.apiVersion;
  const kind = text(patched.kind) || current.kind;
  const changed = apiVersion !== current.apiVersion || kind !== current.kind;
  if (changed && !options.strategic) {
    if (!definitionForKind(apiVersion, kind)) {
      const detail = `no kind "${kind}" is registered for version "${apiVersion}" in scheme "${LEGACY_SCHEME}"`;
      throw patchedObjectUndecodable(goMarshal(patched), detail);
    }
    if (kind !== current.kind) {
      const detail = `converting (${apiVersion}, Kind=${kind}) to (${current.apiVersion}, Kind=${current.kind}): unknown conversion`;
      throw patchedObjectUndecodable(goMarshal(patched), detail);
    }
  }
  // Another served version of the same kind converts to the stored one; the simulator keeps one version.
  patched.apiVersion = current.apiVersion;
  patched.kind = current.kind;
}

/** The unstructured decode of a custom resource needs a kind. */
function checkCustomResourceKindPresent(patched: Record<string, unknown>): void {
  if (text(patched.kind)) return;
  const json = goMarshal(patched);
  throw patchedObjectUndecodable(json, `Object 'Kind' is missing in '${json}'`);
}

/** customResourceValidator.ValidateTypeMeta, reported under the kind the patched object claims. */
function checkCustomResourceTypeMeta(
  current: KubeObject,
  patched: Record<string, unknown>,
  name: string,
): void {
  const kind = text(patched.kind);
  const apiVersion = text(patched.apiVersion);
  const causes: StatusCause[] = [];
  if (kind !== current.kind) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'kind',
      message: `Invalid value: "${kind}": must be ${current.kind}`,
    });
  }
  if (apiVersion !== current.apiVersion) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'apiVersion',
      message: `Invalid value: "${apiVersion}": must be ${current.apiVersion}`,
    });
  }
  if (causes.length > 0) throw invalid(kind, groupOf(apiVersion), name, causes);
}

function settleNamespace(current: KubeObject, metadata: Record<string, unknown>): void {
  const requestNamespace = current.metadata.namespace ?? '';
  const objectNamespace = text(metadata.namespace);
  if (objectNamespace === requestNamespace) return;
  if (!objectNamespace) metadata.namespace = requestNamespace;
  else if (!requestNamespace) delete metadata.namespace;
  else
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
}

/** Returns the patched object as it would be stored, or throws what the real server answers. */
export function checkPatchedIdentity(
  current: KubeObject,
  patched: unknown,
  options: IdentityOptions,
): KubeObject {
  if (!isJsonMap(patched)) {
    const detail = `couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(patched) ? 'array' : 'object'} into Go value of type ${FIND_KIND_TYPE}`;
    throw patchedObjectUndecodable(goMarshal(patched), detail);
  }
  if (options.isCustomResource) checkCustomResourceKindPresent(patched);
  else settleBuiltInTypeMeta(current, patched, options);
  const name = current.metadata.name ?? '';
  const metadata = isJsonMap(patched.metadata) ? patched.metadata : {};
  patched.metadata = metadata;
  settleNamespace(current, metadata);
  if (text(metadata.name) !== name) {
    throw badRequest(
      `the name of the object (${text(metadata.name)}) does not match the name on the URL (${name})`,
    );
  }
  if (options.isCustomResource) checkCustomResourceTypeMeta(current, patched, name);
  return patched as KubeObject;
}
