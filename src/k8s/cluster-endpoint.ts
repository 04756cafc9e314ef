/** TLS material for connections to one API server, as Node's `tls.connect` takes it. */
export interface TlsSettings {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** One API server and one credential: everything needed to send it a request. */
export interface ClusterEndpoint {
  contextName: string;
  /** The server URL as configured, without a trailing slash (it may carry a path prefix). */
  server: string;
  tls: TlsSettings;
  /** The headers that carry the credential, asked per request: exec plugins and token files rotate. */
  authHeaders(): Promise<Record<string, string>>;
}

/**
 * The same server seen as the holder of `token` (downstream OAuth). The kubeconfig's client
 * certificate is dropped: the API server authenticates a certificate before a bearer token, so
 * sending both would act as the kubeconfig's user.
 */
export function bearerTokenEndpoint(endpoint: ClusterEndpoint, token: string): ClusterEndpoint {
  const { cert: _cert, key: _key, ...serverTrust } = endpoint.tls;
  const headers = { authorization: `Bearer ${token}` };
  return { ...endpoint, tls: serverTrust, authHeaders: async () => headers };
}
