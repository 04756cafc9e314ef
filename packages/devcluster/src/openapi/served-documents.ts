// The serialized OpenAPI documents with their content hashes, kept until the set of
// CustomResourceDefinitions changes: building them walks the whole schema graph, and the
// hashes must stay stable between requests for clients that cache by ?hash=.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../types.js';
import { openApiV2 } from './openapi-v2.js';
import { openApiV2Protobuf } from './openapi-v2-gnostic.js';
import { openApiV3Documents } from './openapi-v3.js';

export interface ServedDocument {
  document: object;
  body: string | Buffer;
  /** sha512 of the body, uppercase hex, as kube-apiserver's ETag and ?hash= value. */
  hash: string;
  lastModified: string;
}

export interface ServedDocuments {
  v2(): ServedDocument;
  /** The v2 document in gnostic protobuf, encoded once per set of CRDs. */
  v2Protobuf(): ServedDocument;
  v3Index(): ServedDocument;
  v3(key: string): ServedDocument | undefined;
}

function serve(
  document: object,
  lastModified: string,
  body: string | Buffer = JSON.stringify(document),
): ServedDocument {
  return {
    document,
    body,
    hash: createHash('sha512').update(body).digest('hex').toUpperCase(),
    lastModified,
  };
}

/** kube-apiserver's url.URL{Path: path.Join("/openapi/v3", key), RawQuery: hash=...}.String(). */
export function v3DocumentUrl(key: string, hash: string): string {
  return `/openapi/v3/${key}?${new URLSearchParams({ hash })}`;
}

function crdFingerprint(crds: KubeObject[]): string {
  return crds
    .map(
      (crd) =>
        `${crd.metadata.uid ?? crd.metadata.name}@${crd.metadata.resourceVersion ?? JSON.stringify(crd.spec)}`,
    )
    .sort()
    .join('\n');
}

function buildDocuments(crds: KubeObject[]): ServedDocuments {
  const lastModified = new Date().toUTCString();
  let v2: ServedDocument | undefined;
  let v2Protobuf: ServedDocument | undefined;
  let v3: Map<string, ServedDocument> | undefined;
  let v3Index: ServedDocument | undefined;
  const v2Json = (): ServedDocument => {
    v2 ??= serve(openApiV2(crds), lastModified);
    return v2;
  };
  const v3Documents = (): Map<string, ServedDocument> => {
    v3 ??= new Map(
      [...openApiV3Documents(crds)].map(([key, document]) => [key, serve(document, lastModified)]),
    );
    return v3;
  };
  return {
    v2: v2Json,
    v2Protobuf: () => {
      v2Protobuf ??= serve(v2Json().document, lastModified, openApiV2Protobuf(v2Json().document));
      return v2Protobuf;
    },
    v3Index: () => {
      v3Index ??= serve(
        {
          paths: Object.fromEntries(
            [...v3Documents()].map(([key, document]) => [
              key,
              { serverRelativeURL: v3DocumentUrl(key, document.hash) },
            ]),
          ),
        },
        lastModified,
      );
      return v3Index;
    },
    v3: (key) => v3Documents().get(key),
  };
}

let cached: { fingerprint: string; documents: ServedDocuments } | undefined;

/** The documents for this set of CRDs, rebuilt only when a CRD was added, removed or changed. */
export function servedDocuments(crds: KubeObject[]): ServedDocuments {
  const fingerprint = crdFingerprint(crds);
  if (cached?.fingerprint !== fingerprint) cached = { fingerprint, documents: buildDocuments(crds) };
  return cached.documents;
}

/** The /openapi/v3 index: `{ paths: { 'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=...' } } }`. */
export function openApiV3Index(crds: KubeObject[]): object {
  return servedDocuments(crds).v3Index().document;
}

/** The OpenAPI v3 document of one index key ('api/v1', 'apis/apps/v1'), if served. */
export function openApiV3Document(key: string, crds: KubeObject[]): object | undefined {
  return servedDocuments(crds).v3(key)?.document;
}
