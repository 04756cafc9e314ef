// How structured-merge-diff names the items of a list: keyed lists by their key fields, sets
// by their value, atomic lists by position.
import { elementToken, keyElement, type PathElement } from './field-path.js';
import { isPlainObject, type TypeNode } from './schema.js';

export type ListType = Extract<TypeNode, { kind: 'list' }>;

export interface ListItem {
  element: PathElement;
  item: unknown;
}

// Key fields the real OpenAPI v3 document defaults (ContainerPort, ServicePort and EndpointPort
// protocol), so an item that leaves them out still has a complete key, as in SMD.
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

export class ListItemError extends Error {}

export function listItemElement(list: ListType, item: unknown, index: number): PathElement {
  if (list.relationship === 'set') return { value: item };
  if (list.relationship === 'atomic') return { index };
  if (!isPlainObject(item))
    throw new ListItemError('associative list with keys may not have non-map elements');
  const key: Record<string, unknown> = {};
  for (const name of list.keys) {
    const value = item[name] ?? KEY_DEFAULTS[name];
    if (value === undefined) {
      throw new ListItemError(
        'associative list with keys has an element that omits key field ' +
          `"${name}" (and doesn't have default value)`,
      );
    }
    key[name] = value;
  }
  return keyElement(key);
}

/**
 * A list's items by element token, in list order, the first occurrence winning as in SMD.
 * Items without a usable key cannot be tracked and are left out (validation reports them).
 */
export function indexListItems(list: ListType, items: readonly unknown[]): Map<string, ListItem> {
  const indexed = new Map<string, ListItem>();
  items.forEach((item, index) => {
    const element = trackedElement(list, item, index);
    if (!element) return;
    const token = elementToken(element);
    if (!indexed.has(token)) indexed.set(token, { element, item });
  });
  return indexed;
}

/** The item's element, or undefined for an item SMD cannot name (a keyed item without its key). */
export function trackedElement(list: ListType, item: unknown, index: number): PathElement | undefined {
  try {
    return listItemElement(list, item, index);
  } catch (error) {
    if (error instanceof ListItemError) return undefined;
    throw error;
  }
}
