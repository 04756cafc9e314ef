import { randomInt } from 'node:crypto';
import type { KubeObject, ResourceType } from '../types.js';
import { badRequest, invalid, type StatusCause } from './status.js';

// Validation and defaulting that kube-apiserver applies to every write, whatever the kind.

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Kinds whose names must be DNS labels (they become host names or label values).
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);
// Random suffix alphabet of apimachinery's SimpleNameGenerator (no vowels, no look-alikes).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function nameError(kind: string, name: string): StatusCause | undefined {
  if (LABEL_NAMED_KINDS.has(kind)) {
    if (name.length <= 63 && DNS_LABEL.test(name)) return undefined;
    return {
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    };
  }
  if (name.length <= 253 && DNS_SUBDOMAIN.test(name)) return undefined;
  return {
    reason: 'FieldValueInvalid',
    field: 'metadata.name',
    message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  };
}

export function apiVersionOf(resource: ResourceType): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** Checks the body's apiVersion/kind against the URL and fills them in when absent. */
function checkTypeMeta(resource: ResourceType, body: Record<string, unknown>): void {
  const expected = apiVersionOf(resource);
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`,
    );
  }
  if (body.kind !== undefined && body.kind !== resource.kind) {
    throw badRequest(
      `${String(body.kind)} in version "${resource.version}" cannot be handled as a ${resource.kind}: no kind "${String(body.kind)}" is registered for version "${expected}"`,
    );
  }
  body.apiVersion = expected;
  body.kind = resource.kind;
}

function checkMetadata(body: Record<string, unknown>): Record<string, unknown> {
  const metadata = body.metadata ?? {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw badRequest('metadata must be an object');
  }
  body.metadata = metadata;
  return metadata as Record<string, unknown>;
}

function checkNamespace(
  resource: ResourceType,
  metadata: Record<string, unknown>,
  urlNamespace: string,
): void {
  if (!resource.namespaced) {
    delete metadata.namespace;
    return;
  }
  if (metadata.namespace === undefined || metadata.namespace === '') metadata.namespace = urlNamespace;
  else if (metadata.namespace !== urlNamespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return prefix + suffix;
}

// Kinds whose registry strategies track metadata.generation; custom resources always do.
const GENERATION_KINDS = new Set([
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'CustomResourceDefinition',
]);

export function tracksGeneration(resource: ResourceType, isCustom: boolean): boolean {
  return isCustom || GENERATION_KINDS.has(resource.kind);
}

/** Validates and defaults a body for create; the result is ready for the store. */
export function admitCreate(
  resource: ResourceType,
  body: Record<string, unknown>,
  urlNamespace: string,
  isCustom: boolean,
): KubeObject {
  checkTypeMeta(resource, body);
  const metadata = checkMetadata(body);
  checkNamespace(resource, metadata, urlNamespace);
  if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName) {
    metadata.name = generateName(metadata.generateName);
  }
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (!name) {
    throw invalid(resource.kind, resource.group, '', [
      {
        reason: 'FieldValueRequired',
        field: 'metadata.name',
        message: 'Required value: name or generateName is required',
      },
    ]);
  }
  const error = nameError(resource.kind, name);
  if (error) throw invalid(resource.kind, resource.group, name, [error]);
  // Server-owned fields are never taken from a client.
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'selfLink'])
    delete metadata[field];
  delete metadata.generation;
  if (tracksGeneration(resource, isCustom)) metadata.generation = 1;
  return body as KubeObject;
}

/** Validates a body for update against the URL; the name must match and cannot change. */
export function admitUpdate(
  resource: ResourceType,
  body: Record<string, unknown>,
  urlNamespace: string,
  urlName: string,
): KubeObject {
  checkTypeMeta(resource, body);
  const metadata = checkMetadata(body);
  checkNamespace(resource, metadata, urlNamespace);
  if (metadata.name !== undefined && metadata.name !== urlName) {
    throw badRequest(
      `the name of the object (${String(metadata.name)}) does not match the name on the URL (${urlName})`,
    );
  }
  metadata.name = urlName;
  return body as KubeObject;
}

function specOf(object: KubeObject): string {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return JSON.stringify(rest);
}

/**
 * Carries server-owned metadata over and bumps generation when the desired state changed,
 * as the registry strategies do (status and metadata changes do not count).
 */
export function mergeServerFields(current: KubeObject, next: KubeObject): KubeObject {
  const generation = current.metadata.generation;
  if (generation === undefined) delete next.metadata.generation;
  else next.metadata.generation = specOf(current) === specOf(next) ? generation : generation + 1;
  next.metadata.uid = current.metadata.uid;
  next.metadata.creationTimestamp = current.metadata.creationTimestamp;
  if (current.metadata.deletionTimestamp)
    next.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
  return next;
}
