// The meta.k8s.io Table kube-apiserver answers with when a client asks for `as=Table`
// (what `kubectl get` does): the resource's columns, one row per object, and per row the
// object itself, its metadata only, or nothing, as the includeObject query parameter says.
import type { KubeObject, ResourceType } from '../types.js';
import type { TablePrinter, TableRowCondition } from './columns.js';
import { printerFor } from './printers.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';
export type TableVersion = 'v1' | 'v1beta1';

export interface TableOptions {
  includeObject: IncludeObject;
  now: Date;
  /** The CustomResourceDefinition when the resource is a custom resource. */
  crd?: KubeObject;
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** The meta.k8s.io version the client accepted (see tableVersionFor); v1 when unset. */
  version?: TableVersion;
  /** Leaves out the column definitions, as the server does for every watch event after the first. */
  noHeaders?: boolean;
}

function rowObject(object: KubeObject, includeObject: IncludeObject, version: TableVersion): unknown {
  switch (includeObject) {
    case 'Object':
      return object;
    case 'Metadata':
      return {
        kind: 'PartialObjectMetadata',
        apiVersion: `meta.k8s.io/${version}`,
        metadata: object.metadata,
      };
    case 'None':
      // Go writes an empty runtime.RawExtension as null rather than leaving the field out.
      return null;
  }
}

function row(printer: TablePrinter, object: KubeObject, options: TableOptions, version: TableVersion) {
  const conditions: TableRowCondition[] | undefined = printer.conditions?.(object);
  return {
    cells: printer.cells(object, options.now),
    ...(conditions ? { conditions } : {}),
    object: rowObject(object, options.includeObject, version),
  };
}

/** Only the list metadata fields that are set, as Go's omitempty writes them. */
function tableMetadata(listMeta: TableOptions['listMeta']): Record<string, unknown> {
  const { resourceVersion, continue: continueToken, remainingItemCount } = listMeta ?? {};
  return {
    ...(resourceVersion ? { resourceVersion } : {}),
    ...(continueToken ? { continue: continueToken } : {}),
    ...(remainingItemCount !== undefined ? { remainingItemCount } : {}),
  };
}

/**
 * Converts objects of one resource (a list, or one object from a get) to a Table. Every column,
 * -o wide ones included, is always present: kubectl hides those with priority 1 itself.
 */
export function toTable(resource: ResourceType, objects: KubeObject[], options: TableOptions): KubeObject {
  const printer = printerFor(resource, options.crd);
  const version = options.version ?? 'v1';
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: tableMetadata(options.listMeta),
    columnDefinitions: options.noHeaders ? null : printer.columns,
    rows: objects.map((object) => row(printer, object, options, version)),
  };
}
