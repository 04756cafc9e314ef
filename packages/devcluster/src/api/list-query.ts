import {
  checkFieldSelector,
  type FieldSelector,
  matchesFields,
  parseFieldSelector,
} from '../selectors/field-selector.js';
import {
  type LabelSelector,
  matchesLabels,
  parseLabelSelector,
  SelectorParseError,
} from '../selectors/label-selector.js';
import type { KubeObject, ResourceType } from '../types.js';
import { badRequest, expired } from './status.js';

export interface ListFilter {
  labels: LabelSelector;
  fields: FieldSelector;
  /** The raw selectors, for error messages. */
  labelText: string;
  fieldText: string;
}

function resourceName(resource: ResourceType): string {
  return resource.group
    ? `${resource.group}/${resource.version}, Resource=${resource.plural}`
    : `/${resource.version}, Resource=${resource.plural}`;
}

export function parseListFilter(
  query: URLSearchParams,
  resource: ResourceType,
  isCustom: boolean,
): ListFilter {
  const labelText = query.get('labelSelector') ?? '';
  const fieldText = query.get('fieldSelector') ?? '';
  try {
    const fields = parseFieldSelector(fieldText);
    checkFieldSelector(fields, resource.kind, isCustom);
    return { labels: parseLabelSelector(labelText), fields, labelText, fieldText };
  } catch (error) {
    if (!(error instanceof SelectorParseError)) throw error;
    throw badRequest(
      `Unable to find "${resourceName(resource)}" that match label selector "${labelText}", field selector "${fieldText}": ${error.message}`,
    );
  }
}

export function matchesFilter(filter: ListFilter, object: KubeObject): boolean {
  return matchesLabels(filter.labels, object.metadata.labels) && matchesFields(filter.fields, object);
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

function objectKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

// The token has the shape kube-apiserver's etcd3 storage uses: base64 of {v, rv, start}.
function encodeContinue(resourceVersion: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: resourceVersion, start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ContinueToken;
    if (token.v !== 'meta.k8s.io/v1' || typeof token.rv !== 'number' || typeof token.start !== 'string')
      throw new Error();
    return token;
  } catch {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export interface Page {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface PageRequest {
  limit: number;
  continueToken: string;
  /** The store's current and oldest-still-consistent resourceVersions. */
  currentResourceVersion: number;
  compactedResourceVersion: number;
  /** remainingItemCount is only known when nothing is filtered out. */
  filtered: boolean;
}

/** Parses `limit`, rejecting what the real server rejects. Zero means "no limit". */
export function parseLimit(query: URLSearchParams): number {
  const text = query.get('limit');
  if (text === null || text === '') return 0;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid value for limit: ${text}`);
  return limit;
}

/**
 * One page of a key-ordered list. Continuing resumes strictly after the last key returned,
 * so no object that exists throughout is skipped or repeated; a token older than the
 * compacted history gets 410 Expired, as etcd compaction causes on a real server.
 */
export function paginate(sortedItems: KubeObject[], request: PageRequest): Page {
  let items = sortedItems;
  let resourceVersion = request.currentResourceVersion;
  if (request.continueToken) {
    const token = decodeContinue(request.continueToken);
    if (token.rv < request.compactedResourceVersion) {
      const error = expired(EXPIRED_CONTINUE);
      const last = items[items.length - 1];
      if (last)
        error.status.metadata.continue = encodeContinue(
          request.currentResourceVersion,
          token.start.slice(0, -1),
        );
      throw error;
    }
    const start = token.start.slice(0, -1);
    items = items.filter((item) => objectKey(item) > start);
    resourceVersion = token.rv;
  }
  const page: Page = { items, resourceVersion: String(resourceVersion) };
  if (request.limit > 0 && items.length > request.limit) {
    page.items = items.slice(0, request.limit);
    const last = page.items[page.items.length - 1];
    if (last) page.continue = encodeContinue(resourceVersion, objectKey(last));
    if (!request.filtered) page.remainingItemCount = items.length - request.limit;
  }
  return page;
}
