import type { KubeObject } from '../types.js';

/**
 * The factories reuse parts freely (a template's containers end up in the ReplicaSet and every pod).
 * Deep copies make each object own its data, so that editing one object never edits another.
 */
export function unshared(objects: KubeObject[]): KubeObject[] {
  return objects.map((object) => structuredClone(object));
}
