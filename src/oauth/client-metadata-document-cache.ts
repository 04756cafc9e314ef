import {
  type ClientMetadataDocumentFetchOptions,
  fetchClientMetadataDocument,
  type MetadataDocumentClient,
} from './client-metadata-document.js';

export interface ClientMetadataDocumentCacheOptions extends ClientMetadataDocumentFetchOptions {
  /** How long a fetched document is trusted. Default 5 minutes. */
  cacheTtlMs?: number;
  /** Documents kept at most; the oldest go first. Default 1000. */
  maxEntries?: number;
  now?: () => number;
  /** The fetch itself; for tests. */
  fetchDocument?: typeof fetchClientMetadataDocument;
}

/**
 * Metadata document clients for a short while, so one login (authorize, consent, callback, token)
 * fetches the document once. Concurrent requests for one URL share one fetch; refusals are not kept.
 */
export class ClientMetadataDocumentCache {
  private readonly entries = new Map<
    string,
    { expiresAt: number; client: Promise<MetadataDocumentClient> }
  >();

  constructor(private readonly options: ClientMetadataDocumentCacheOptions) {}

  get(clientIdUrl: string): Promise<MetadataDocumentClient> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.entries.get(clientIdUrl);
    if (cached && cached.expiresAt > now) return cached.client;

    const fetchDocument = this.options.fetchDocument ?? fetchClientMetadataDocument;
    const client = fetchDocument(clientIdUrl, this.options);
    this.entries.delete(clientIdUrl);
    this.entries.set(clientIdUrl, { expiresAt: now + (this.options.cacheTtlMs ?? 5 * 60_000), client });
    client.catch(() => {
      if (this.entries.get(clientIdUrl)?.client === client) this.entries.delete(clientIdUrl);
    });
    this.evictOldest();
    return client;
  }

  private evictOldest(): void {
    const maxEntries = this.options.maxEntries ?? 1000;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= maxEntries) return;
      this.entries.delete(key);
    }
  }
}
