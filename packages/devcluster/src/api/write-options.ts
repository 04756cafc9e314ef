import { fieldManagerErrors, invalidOptions, managerFromRequest } from '../apply/index.js';

// The query parameters every write takes: dryRun and fieldManager.

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

export interface WriteRequest {
  query: URLSearchParams;
  userAgent: string | undefined;
  now: Date;
  /** Adds a warning to the answer (a `Warning: 299` header), as the API server warns of dropped fields. */
  warn?: (message: string) => void;
}

/** `dryRun=All` means validate and answer as if done, storing nothing; nothing else is valid. */
export function isDryRun(query: URLSearchParams, kind: OptionsKind | 'DeleteOptions'): boolean {
  const values = query.getAll('dryRun');
  if (values.length === 0) return false;
  if (values.every((value) => value === 'All')) return true;
  const listed = `[]string{${values.map((value) => JSON.stringify(value)).join(', ')}}`;
  throw invalidOptions(kind === 'DeleteOptions' ? 'PatchOptions' : kind, [
    {
      reason: 'FieldValueNotSupported',
      field: 'dryRun',
      detail: `Unsupported value: ${listed}: supported values: "All"`,
    },
  ]);
}

/** The manager of an Update: `fieldManager`, else the user agent's product, as kube-apiserver. */
export function updateManager(request: WriteRequest, kind: OptionsKind): string {
  const explicit = request.query.get('fieldManager');
  if (explicit !== null) {
    const errors = fieldManagerErrors(explicit);
    if (errors.length) throw invalidOptions(kind, errors);
  }
  return managerFromRequest(explicit, request.userAgent);
}
