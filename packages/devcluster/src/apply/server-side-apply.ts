// Server-side apply (PATCH with application/apply-patch+yaml): merges the applied
// configuration into the live object, or creates it, and records the applier's ownership in
// metadata.managedFields, as kube-apiserver's field manager does with structured-merge-diff.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../types.js';
import { type ExpectedKind, validateAppliedObject } from './apply-validation.js';
import {
  decodeManagedFields,
  managedFieldsTime,
  withManagedFields,
  withoutManagedFields,
} from './managed-fields.js';
import { applyConfiguration } from './ownership.js';
import { hasStatusField, resetFields } from './reset-fields.js';
import { rootType } from './schema.js';

export interface ServerSideApplyOptions {
  /** The fieldManager query parameter (required for apply; see applyPatchOptions). */
  manager: string;
  /** The force query parameter: take conflicting fields instead of failing. */
  force: boolean;
  now: Date;
  subresource?: string;
  /** The kind the endpoint serves; defaults to the live object's (required to check a create). */
  expected?: ExpectedKind;
  /** Whether the kind serves a status subresource; defaults to whether its built-in schema has status. */
  statusSubresource?: boolean;
}

/**
 * The object after applying `applied` as `options.manager`. Throws the real 400/409/500
 * ApiErrors. When nothing changes, not even ownership, the live object itself is returned.
 */
export function serverSideApply(
  current: KubeObject | undefined,
  applied: KubeObject,
  options: ServerSideApplyOptions,
): KubeObject {
  const expected = options.expected ?? current ?? { apiVersion: applied.apiVersion, kind: applied.kind };
  const type = rootType(expected.apiVersion, expected.kind);
  validateAppliedObject(applied, { apiVersion: expected.apiVersion, kind: expected.kind }, type);
  const live = current ? withoutManagedFields(current) : undefined;
  const context = {
    type,
    ignored: resetFields(options.subresource, options.statusSubresource ?? hasStatusField(type)),
    time: managedFieldsTime(options.now),
  };
  const applier = {
    manager: options.manager,
    operation: 'Apply' as const,
    apiVersion: applied.apiVersion,
    ...(options.subresource ? { subresource: options.subresource } : {}),
  };
  const managed = decodeManagedFields(current?.metadata.managedFields);
  const outcome = applyConfiguration(live ?? {}, applied, managed, applier, options.force, context);
  const merged = outcome.object === undefined ? live : (outcome.object as KubeObject);
  const result = withManagedFields(merged ?? applied, outcome.managed);
  return current && isNoOpApply(current, result) ? current : result;
}

/** Whether an apply left the live object exactly as it was, so the write can be skipped. */
export function isNoOpApply(current: KubeObject | undefined, result: KubeObject): boolean {
  return current !== undefined && (current === result || isDeepStrictEqual(current, result));
}
