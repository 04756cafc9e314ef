import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callMcp,
  type Harness,
  type RegisteredClient,
  refresh,
  registerClient,
  startHarness,
  tokensFor,
} from './oauth-harness.js';

// RFC 7592: a client reads, replaces and deletes its own registration with the registration access
// token it was given; deleting it ends every login made with it.

interface Managed extends RegisteredClient {
  registration_access_token: string;
  registration_client_uri: string;
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const manage = (client: Managed, init: RequestInit & { token?: string | null } = {}) => {
  const token = init.token === undefined ? client.registration_access_token : init.token;
  return fetch(client.registration_client_uri, {
    ...init,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
};

const update = (client: Managed, metadata: Record<string, unknown>) =>
  manage(client, { method: 'PUT', body: JSON.stringify(metadata) });

async function newClient(overrides: Record<string, unknown> = {}): Promise<Managed> {
  return (await registerClient(harness, overrides)) as Managed;
}

describe('RFC 7592 client configuration endpoint', () => {
  it('gives a registration access token and the configuration URI at registration', async () => {
    const client = await newClient();
    expect(client.registration_access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(client.registration_client_uri).toBe(`${harness.baseUrl}/oauth/register/${client.client_id}`);
  });

  it('stores only the hash of the registration access token', async () => {
    const client = await newClient();
    const stored = await harness.store.list('client');
    expect(stored.some(({ key }) => key === client.client_id)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(client.registration_access_token);
  });

  it('reads the registration with its token, without the secret', async () => {
    const client = await newClient({ token_endpoint_auth_method: 'client_secret_basic' });
    const read = await manage(client);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    const body = (await read.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      client_id: client.client_id,
      client_name: 'Test client',
      redirect_uris: client.redirect_uris,
      registration_access_token: client.registration_access_token,
      registration_client_uri: client.registration_client_uri,
    });
    expect(body.client_secret).toBeUndefined();
  });

  it('refuses a missing token, a wrong one, another client’s, and an unknown client alike with 401', async () => {
    const client = await newClient();
    const other = await newClient();
    const unknown = {
      ...client,
      registration_client_uri: `${harness.baseUrl}/oauth/register/no-such-client`,
    };
    for (const answer of [
      await manage(client, { token: null }),
      await manage(client, { token: 'x'.repeat(43) }),
      await manage(client, { token: other.registration_access_token }),
      await manage(unknown),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(await answer.json()).toEqual({
        error: 'invalid_token',
        error_description: 'the registration access token is not valid for this client',
      });
    }
  });

  it('replaces the metadata, keeping the id and the token', async () => {
    const client = await newClient();
    const updated = await update(client, {
      client_id: client.client_id,
      client_name: 'Renamed client',
      redirect_uris: ['http://127.0.0.1:9/other'],
      token_endpoint_auth_method: 'none',
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      client_id: client.client_id,
      client_name: 'Renamed client',
      redirect_uris: ['http://127.0.0.1:9/other'],
      registration_access_token: client.registration_access_token,
    });
    expect(await (await manage(client)).json()).toMatchObject({ client_name: 'Renamed client' });
  });

  it.each([
    [
      'another client_id',
      { client_id: 'someone-else' },
      'invalid_client_metadata',
      'client_id must be given',
    ],
    [
      'a new authentication method',
      { token_endpoint_auth_method: 'client_secret_post' },
      'invalid_client_metadata',
      'token_endpoint_auth_method cannot be changed',
    ],
    ['a wrong client_secret', { client_secret: 'guess' }, 'invalid_client_metadata', 'client_secret must be'],
    [
      'a redirect URI with a fragment',
      { redirect_uris: ['https://a.example/cb#x'] },
      'invalid_redirect_uri',
      '',
    ],
  ])('refuses an update with %s, changing nothing', async (_case, change, error, description) => {
    const client = await newClient();
    const answer = await update(client, {
      client_id: client.client_id,
      redirect_uris: client.redirect_uris,
      token_endpoint_auth_method: 'none',
      ...change,
    });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: string; error_description: string };
    expect(body.error).toBe(error);
    expect(body.error_description).toContain(description);
    expect(await (await manage(client)).json()).toMatchObject({ redirect_uris: client.redirect_uris });
  });

  it('deletes the client and every login made with it, and nothing of other clients', async () => {
    const client = await newClient();
    const other = await newClient();
    const tokens = await tokensFor(harness, client);
    const otherTokens = await tokensFor(harness, other);
    expect((await callMcp(harness, tokens.access_token)).status).toBe(200);

    const deleted = await manage(client, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await callMcp(harness, tokens.access_token)).status).toBe(401);
    expect((await refresh(harness, client, tokens.refresh_token ?? '')).status).toBe(401);
    expect((await manage(client)).status).toBe(401);
    expect((await manage(client, { method: 'DELETE' })).status).toBe(401);
    expect((await callMcp(harness, otherTokens.access_token)).status).toBe(200);
  });
});
