// Metadata as the seed writes it: no uid or resourceVersion, which the store assigns.
import type { ObjectMeta, OwnerReference } from '../types.js';
import { apiTime } from './timestamps.js';

export interface MetaInput {
  name: string;
  namespace?: string;
  created: Date;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: OwnerReference;
  generateName?: string;
  generation?: number;
  finalizers?: string[];
}

export function objectMeta(input: MetaInput): ObjectMeta {
  const { name, namespace, created, labels, annotations, owner, generateName, generation, finalizers } =
    input;
  return {
    name,
    ...(generateName && { generateName }),
    ...(namespace && { namespace }),
    ...(generation !== undefined && { generation }),
    creationTimestamp: apiTime(created),
    ...(labels && { labels }),
    ...(annotations && { annotations }),
    ...(owner && { ownerReferences: [owner] }),
    ...(finalizers && { finalizers }),
  };
}

/**
 * The reference a controller puts on what it creates. The uid is left out on purpose: the store
 * assigns uids at creation and the owner's uid is filled in by kind and name afterwards.
 */
export function controllerRef(apiVersion: string, kind: string, name: string): OwnerReference {
  const withoutUid = { apiVersion, kind, name, controller: true, blockOwnerDeletion: true };
  return withoutUid as OwnerReference;
}

/** Keeps only the counts above zero, as the API's omitempty status fields do. */
export function nonZeroCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}
