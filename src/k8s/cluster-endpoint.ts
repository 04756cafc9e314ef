/** TLS material for connections to one API server, as Node's `tls.connect` takes it. */
export interface TlsSettings {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** Request headers that carry a credential; a list is sent as repeated headers (Impersonate-Group). */
export type CredentialHeaders = Record<string, string | string[]>;

/** One API server and one credential: everything needed to send it a request. */
export interface ClusterEndpoint {
  contextName: string;
  /** The server URL as configured, without a trailing slash (it may carry a path prefix). */
  server: string;
  tls: TlsSettings;
  /** The headers that carry the credential, asked per request: exec plugins and token files rotate. */
  authHeaders(): Promise<CredentialHeaders>;
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

/**
 * The same server and credential, acting as `user` with `groups` (kube-apiserver's impersonation:
 * the credential's owner needs the `impersonate` verb on users and groups). Each group is its own
 * header line: the API server reads every line as one group, commas included.
 */
export function impersonatingEndpoint(
  endpoint: ClusterEndpoint,
  user: string,
  groups: readonly string[],
): ClusterEndpoint {
  const impersonation: CredentialHeaders = {
    'impersonate-user': user,
    ...(groups.length > 0 ? { 'impersonate-group': [...groups] } : {}),
  };
  return {
    ...endpoint,
    authHeaders: async () => ({ ...(await endpoint.authHeaders()), ...impersonation }),
  };
}
