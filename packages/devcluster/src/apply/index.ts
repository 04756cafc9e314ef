export { applyConflict, type FieldConflict, invalidOptions } from './apply-errors.js';
export {
  APPLY_PATCH_MEDIA_TYPE,
  applyPatchOptions,
  decodeApplyPatch,
  fieldManagerErrors,
  placeAppliedObject,
} from './apply-request.js';
export { type FieldPath, type PathElement, pathToString } from './field-path.js';
export { FieldSet, type FieldsV1 } from './field-set.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  type ManagedFields,
  type ManagedFieldsEntry,
  managerIdentifier,
} from './managed-fields.js';
export { changedFields, objectFields } from './object-fields.js';
export { isNoOpApply, type ServerSideApplyOptions, serverSideApply } from './server-side-apply.js';
export { managerFromRequest, type RecordUpdateOptions, recordUpdate } from './update-tracking.js';
