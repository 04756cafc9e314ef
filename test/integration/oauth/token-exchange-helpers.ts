import { ClientRegistry } from '../../../src/oauth/index.js';
import { PLAINTEXT, RecordVault, type Store } from '../../../src/storage/index.js';
import { basic, type Harness, postForm, type RegisteredClient } from './oauth-harness.js';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** What an operator does with `mcp-kubernetes admin clients allow-exchange`, on the server's store. */
export async function allowExchange(store: Store, clientId: string, audiences: string[]): Promise<void> {
  const registry = new ClientRegistry(new RecordVault(store, PLAINTEXT), { allowedScopes: [] });
  if (!(await registry.allowTokenExchange(clientId, audiences))) throw new Error(`no client ${clientId}`);
}

/** RFC 8693 token exchange of `subjectToken` by `agent` (authenticated as at the token endpoint). */
export function exchange(
  harness: Pick<Harness, 'baseUrl'>,
  agent: RegisteredClient,
  subjectToken: string | undefined,
  extra: Record<string, string | undefined> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  return postForm(
    harness,
    '/oauth/token',
    {
      grant_type: TOKEN_EXCHANGE,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      ...(agent.client_secret ? {} : { client_id: agent.client_id }),
      ...extra,
    },
    { ...(agent.client_secret ? basic(agent) : {}), ...headers },
  );
}
