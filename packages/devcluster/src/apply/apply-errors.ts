// The failures of apply requests, with the exact Status kube-apiserver answers.
import { ApiError, type Status, type StatusCause, type StatusDetails } from '../api/status.js';
import { type FieldPath, pathToString } from './field-path.js';
import { describeManager, type ManagerInfo, managerIdentifier } from './managed-fields.js';

export interface FieldConflict {
  manager: ManagerInfo;
  path: FieldPath;
}

function failure(
  code: number,
  reason: string | undefined,
  message: string,
  details?: StatusDetails,
): ApiError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) status.reason = reason;
  if (details) status.details = details;
  return new ApiError(status);
}

/**
 * managedfields' NewConflictError: one cause per conflicting field, and a message that names a
 * single conflict inline or lists several grouped by manager.
 */
export function applyConflict(conflicts: FieldConflict[]): ApiError {
  const sorted = [...conflicts].sort((a, b) => {
    const left = managerIdentifier(a.manager);
    const right = managerIdentifier(b.manager);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  const causes: StatusCause[] = sorted.map(({ manager, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(manager)}`,
    field: pathToString(path),
  }));
  return failure(409, 'Conflict', conflictMessage(sorted), { causes });
}

function conflictMessage(conflicts: FieldConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    const owner = describeManager(only.manager);
    return `Apply failed with 1 conflict: conflict with ${owner}: ${pathToString(only.path)}`;
  }
  const lines: string[] = [];
  let previous: string | undefined;
  for (const { manager, path } of conflicts) {
    const identifier = managerIdentifier(manager);
    if (identifier !== previous) lines.push(`conflicts with ${describeManager(manager)}:`);
    previous = identifier;
    lines.push(`- ${pathToString(path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** apimachinery's field.Error types as they appear in causes. */
export interface FieldError {
  reason: 'FieldValueRequired' | 'FieldValueTooLong' | 'FieldValueInvalid' | 'FieldValueNotSupported';
  field: string;
  detail: string;
}

/**
 * NewInvalid for request options, e.g.
 * `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch`.
 */
export function invalidOptions(
  kind: 'PatchOptions' | 'CreateOptions' | 'UpdateOptions',
  errors: FieldError[],
): ApiError {
  const causes = errors.map(({ reason, field, detail }) => ({ reason, message: detail, field }));
  const summary = causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ');
  const listed = causes.length > 1 ? `[${summary}]` : summary;
  return failure(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${listed}`, {
    group: 'meta.k8s.io',
    kind,
    causes,
  });
}

/**
 * An error that is not a Status (here the typed conversion of the applied object failing),
 * which the real server answers as a 500 with no reason and the error text as message.
 */
export function untypedServerError(message: string): ApiError {
  return failure(500, undefined, message);
}
