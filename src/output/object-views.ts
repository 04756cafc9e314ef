import type { KubeList, KubeObject } from '../k8s/index.js';
import { dropBookkeeping } from './bookkeeping.js';
import { isRecord } from './records.js';
import { slimObject } from './slim-object.js';

/**
 * slim: what a reader needs (no bookkeeping, no server-filled defaults);
 * normal: everything but managedFields and kubectl's last-applied copy; full: the object as served.
 */
export type ObjectView = 'slim' | 'normal' | 'full';

/** A new object in the chosen view; a list (an object with `items`) gets the view applied to each item. */
export function viewObject(object: KubeObject, view: ObjectView): KubeObject {
  const copy = structuredClone(object);
  if (view === 'full') return copy;
  const shape = view === 'slim' ? slimObject : dropBookkeeping;
  if (Array.isArray(copy.items)) copy.items.filter(isRecord).forEach(shape);
  else shape(copy);
  return copy;
}

/** The list with each item in the chosen view; list metadata (continue token) stays. */
export function viewList<T extends KubeObject>(list: KubeList<T>, view: ObjectView): KubeList<KubeObject> {
  const { items, ...rest } = list;
  return { ...structuredClone(rest), items: items.map((item) => viewObject(item, view)) };
}
