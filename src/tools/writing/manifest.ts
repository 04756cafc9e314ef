import { parseAllDocuments } from 'yaml';
import { KUBERNETES_YAML, type KubeObject } from '../../k8s/index.js';
import { UsageError } from '../error-mapping.js';
import { resolveTarget, type Target } from '../target.js';
import type { ToolContext } from '../tool-definition.js';

// What the write tools are given: YAML or JSON text with one or more documents (a `List` counts
// as its items), or one object. Every document must say what it is.

function invalidManifest(message: string): UsageError {
  return new UsageError(`Invalid manifest: ${message}`);
}

function checkedObject(value: unknown, position: number): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidManifest(`document ${position} is not an object`);
  }
  const object = value as KubeObject;
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    throw invalidManifest(
      `document ${position} needs "apiVersion" and "kind" (e.g. apiVersion: apps/v1, kind: Deployment)`,
    );
  }
  if (!object.metadata?.name && !object.metadata?.generateName) {
    throw invalidManifest(`document ${position} (${object.kind}) needs metadata.name`);
  }
  return object;
}

function expandLists(value: unknown): unknown[] {
  const list = value as { kind?: unknown; items?: unknown };
  const isList = typeof list?.kind === 'string' && list.kind.endsWith('List') && Array.isArray(list.items);
  return isList ? (list.items as unknown[]) : [value];
}

export function manifestObjects(input: {
  manifest?: string | undefined;
  object?: Record<string, unknown> | undefined;
}): KubeObject[] {
  const values: unknown[] = [];
  if (input.object) values.push(input.object);
  if (input.manifest !== undefined) {
    for (const document of parseAllDocuments(input.manifest, KUBERNETES_YAML)) {
      if (document.errors.length > 0)
        throw invalidManifest(document.errors[0]?.message ?? 'YAML syntax error');
      const value: unknown = document.toJS();
      if (value !== null && value !== undefined) values.push(value);
    }
  }
  const objects = values.flatMap(expandLists).map((value, index) => checkedObject(value, index + 1));
  if (objects.length === 0) throw invalidManifest('it holds no objects');
  return objects;
}

/** `apps/v1` -> { group: 'apps', version: 'v1' }; `v1` -> the core group. */
export function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The target a document is written to, in its own API version (the one its fields are written in),
 * with both policies checked: `namespace` for a namespaced kind, else the context's default.
 */
export async function resolveDocumentTarget(
  context: ToolContext,
  contextName: string | undefined,
  namespace: string | undefined,
  document: KubeObject,
): Promise<Target> {
  const { group, version } = groupVersionOf(document.apiVersion ?? '');
  const resolved = await resolveTarget(
    context,
    {
      context: contextName,
      resourceType: document.kind ?? '',
      apiGroup: group,
      namespace,
      name: document.metadata?.name,
    },
    'write',
  );
  return resolved.sibling({ ...resolved.resource, version }, resolved.namespace);
}
