import type { ClientLookup } from './client-authentication.js';
import { isClientMetadataDocumentUrl } from './client-metadata-document.js';
import type { ClientMetadataDocumentCache } from './client-metadata-document-cache.js';
import type { ClientRegistry } from './clients.js';

export interface MetadataDocumentClients {
  readonly cache: ClientMetadataDocumentCache;
  /** Test only: hosts whose documents may be served over http (the fetcher allows them too). */
  readonly allowHosts?: readonly string[];
}

/**
 * Finds a client: a registered one, or, when metadata documents are accepted, the client an https
 * client_id describes. Such clients are public and count as self-registered (the consent page warns).
 */
export function clientLookup(registry: ClientRegistry, documents?: MetadataDocumentClients): ClientLookup {
  const isDocumentUrl = (clientId: string) =>
    isClientMetadataDocumentUrl(clientId) ||
    (clientId.startsWith('http://') &&
      URL.canParse(clientId) &&
      (documents?.allowHosts ?? []).includes(new URL(clientId).hostname));
  return async (clientId) => {
    if (!documents || !isDocumentUrl(clientId)) return registry.find(clientId);
    const { metadata } = await documents.cache.get(clientId);
    return { ...metadata, clientId, clientIdIssuedAt: 0, registeredBy: 'public' };
  };
}
