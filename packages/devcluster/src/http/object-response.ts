// Objects answered as they are, or as a Table when the client asked for one (kubectl get does).
import type { ServerResponse } from 'node:http';
import { badRequest } from '../api/status.js';
import { type IncludeObject, includeObjectFrom, toTable } from '../table/index.js';
import type { KubeObject, ResourceType } from '../types.js';
import type { ApiServerContext } from './api-server-context.js';
import { sendJson } from './json-response.js';
import type { ResponseFormat } from './response-format.js';

export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  const parsed = includeObjectFrom(value);
  if (!parsed) throw badRequest(`unrecognized includeObject value: "${value}"`);
  return parsed;
}

export function respondWithObjects(
  context: ApiServerContext,
  response: ServerResponse,
  format: ResponseFormat,
  resource: ResourceType,
  status: number,
  body: KubeObject,
  items: KubeObject[] | undefined,
  query: URLSearchParams,
): void {
  if (format !== 'table' || body.kind === 'Status') {
    sendJson(response, status, body, format);
    return;
  }
  const metadata = body.metadata as {
    resourceVersion?: string;
    continue?: string;
    remainingItemCount?: number;
  };
  const table = toTable(resource, items ?? [body], {
    includeObject: includeObjectOf(query),
    now: context.now(),
    crd: context.cluster.registry.crdOf(resource),
    listMeta: items ? metadata : { resourceVersion: metadata.resourceVersion },
  });
  sendJson(response, status, table);
}
