// GET /openapi/v2, /openapi/v3 and /openapi/v3/<group-version>, answered as kube-openapi's
// handlers answer them. kubectl reads OpenAPI v3 as JSON (explain, apply patch metadata, the
// fieldValidation check); client-go asks for /openapi/v2 in gnostic protobuf only, which
// kubectl does for `explain -o plaintext-openapiv2` and when a kind is missing from v3.
import { notAcceptable, pathNotFound, type Status } from '../api/status.js';
import type { KubeObject } from '../types.js';
import { negotiateMediaType } from './media-type-negotiation.js';
import { type ServedDocument, servedDocuments, v3DocumentUrl } from './served-documents.js';

export interface OpenApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

type RequestHeaders = Record<string, string | string[] | undefined>;

const JSON_MEDIA_TYPE = 'application/json';
// kube-openapi accepts both names of the gnostic document and answers with the one Go's mime
// package can parse ('@' is not allowed in a media type).
const PROTOBUF_RESPONSE_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const PROTOBUF_MEDIA_TYPES = [
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  PROTOBUF_RESPONSE_TYPE,
];
const V3_PREFIX = '/openapi/v3/';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function header(headers: RequestHeaders, name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  return Array.isArray(value) ? value.join(', ') : value;
}

function statusResponse(status: Status, headers: Record<string, string> = {}): OpenApiResponse {
  return {
    status: status.code,
    headers: { ...headers, 'Content-Type': JSON_MEDIA_TYPE },
    body: JSON.stringify(status),
  };
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** http.ServeContent's conditional GET: 304 when the client already holds this version. */
function documentResponse(
  document: ServedDocument,
  headers: RequestHeaders,
  extraHeaders: Record<string, string>,
  contentType = JSON_MEDIA_TYPE,
): OpenApiResponse {
  const etag = `"${document.hash}"`;
  const responseHeaders = { ...extraHeaders, ETag: etag, 'Last-Modified': document.lastModified };
  if (matchesEtag(header(headers, 'if-none-match'), etag)) {
    return { status: 304, headers: responseHeaders, body: '' };
  }
  return {
    status: 200,
    headers: { ...responseHeaders, 'Content-Type': contentType },
    body: document.body,
  };
}

function negotiatedDocument(
  document: () => ServedDocument | undefined,
  headers: RequestHeaders,
  protobuf?: () => ServedDocument,
): OpenApiResponse {
  const vary = { Vary: 'Accept' };
  const offered = protobuf ? [JSON_MEDIA_TYPE, ...PROTOBUF_MEDIA_TYPES] : [JSON_MEDIA_TYPE];
  const mediaType = negotiateMediaType(header(headers, 'accept'), offered);
  if (mediaType === undefined) return statusResponse(notAcceptable(offered).status, vary);
  if (protobuf && mediaType !== JSON_MEDIA_TYPE)
    return documentResponse(protobuf(), headers, vary, PROTOBUF_RESPONSE_TYPE);
  const served = document();
  if (served === undefined) return statusResponse(pathNotFound().status, vary);
  return documentResponse(served, headers, vary);
}

function v3GroupVersion(
  key: string,
  query: URLSearchParams,
  headers: RequestHeaders,
  crds: KubeObject[],
): OpenApiResponse {
  const response = negotiatedDocument(() => servedDocuments(crds).v3(key), headers);
  const hash = query.get('hash');
  if (response.status >= 400 || hash === null || hash === '') return response;
  const current = servedDocuments(crds).v3(key);
  if (current !== undefined && hash !== current.hash) {
    // The client holds a stale index: send it to the document's current address.
    return { status: 301, headers: { Location: v3DocumentUrl(key, current.hash), Vary: 'Accept' }, body: '' };
  }
  const immutable = {
    'Cache-Control': 'public, immutable',
    Expires: new Date(Date.now() + ONE_YEAR_MS).toUTCString(),
  };
  return { ...response, headers: { ...response.headers, ...immutable } };
}

/** The response for an OpenAPI path, or undefined when `path` is not one. */
export function handleOpenApiRequest(
  path: string,
  query: URLSearchParams,
  headers: RequestHeaders,
  crds: KubeObject[],
): OpenApiResponse | undefined {
  if (path === '/openapi/v2') {
    const documents = servedDocuments(crds);
    return negotiatedDocument(documents.v2, headers, documents.v2Protobuf);
  }
  if (path === '/openapi/v3') return documentResponse(servedDocuments(crds).v3Index(), headers, {});
  if (path.startsWith(V3_PREFIX)) return v3GroupVersion(path.slice(V3_PREFIX.length), query, headers, crds);
  return undefined;
}
