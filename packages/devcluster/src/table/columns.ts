// The pieces a meta.k8s.io Table is made of, and the columns many kinds share.
import type { KubeObject } from '../types.js';
import { ageSince } from './human-duration.js';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0: always shown; 1: shown by `kubectl get -o wide` only. */
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Turns objects of one resource into table rows, as a kube-apiserver TableConvertor does. */
export interface TablePrinter {
  columns: TableColumnDefinition[];
  cells(object: KubeObject, now: Date): TableCell[];
  conditions?(object: KubeObject): TableRowCondition[] | undefined;
}

// ObjectMeta's field docs, which the real server uses as these columns' descriptions.
export const OBJECT_NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column shown by plain `kubectl get`. */
export function column(name: string, type: string, description: string): TableColumnDefinition {
  return { name, type, format: '', description, priority: 0 };
}

/** A column shown only by `kubectl get -o wide`. */
export function wideColumn(name: string, type: string, description: string): TableColumnDefinition {
  return { name, type, format: '', description, priority: 1 };
}

export const nameColumn: TableColumnDefinition = {
  ...column('Name', 'string', OBJECT_NAME_DESCRIPTION),
  format: 'name',
};

export const ageColumn = column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);

/** The wide CONTAINERS and IMAGES columns of every kind that holds a pod template. */
export const templateContainerColumns = [
  wideColumn('Containers', 'string', 'Names of each container in the template.'),
  wideColumn('Images', 'string', 'Images referenced by each container in the template.'),
];

/** The NAME and AGE cells most kinds begin and end their standard columns with. */
export function nameAndAge(object: KubeObject, now: Date): [string, string] {
  return [object.metadata.name ?? '', ageSince(object.metadata.creationTimestamp, now)];
}
