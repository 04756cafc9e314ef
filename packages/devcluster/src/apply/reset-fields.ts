// The fields a write through one endpoint never takes ownership of, as the registry
// strategies' GetResetFields: the main resource of a kind with a status subresource leaves
// `.status` alone, and the status subresource leaves `.spec` alone.
import { FieldSet } from './field-set.js';
import { fieldType, type TypeNode } from './schema.js';

/** Whether the kind serves status as a subresource; built-ins do whenever they have a status. */
export function hasStatusField(root: TypeNode): boolean {
  return root.kind === 'struct' && !root.open && fieldType(root, 'status') !== undefined;
}

export function resetFields(subresource: string | undefined, statusSubresource: boolean): FieldSet {
  if (subresource === 'status') return FieldSet.of([{ field: 'spec' }]);
  if (!subresource && statusSubresource) return FieldSet.of([{ field: 'status' }]);
  return new FieldSet();
}
