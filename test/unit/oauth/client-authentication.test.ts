import { describe, expect, it } from 'vitest';
import {
  authenticateClient,
  bearerTokenOf,
  requireGrantType,
} from '../../../src/oauth/client-authentication.js';
import type { OAuthClient } from '../../../src/oauth/clients.js';
import { InvalidClient, InvalidRequest, UnauthorizedClient } from '../../../src/oauth/errors.js';
import { secretKey } from '../../../src/storage/secret-keys.js';

const SECRET = 'the-client-secret';
const base = {
  redirectUris: ['https://app.example.com/cb'],
  grantTypes: ['authorization_code'] as const,
  responseTypes: ['code'] as const,
  clientIdIssuedAt: 0,
  registeredBy: 'registration-token' as const,
};
const confidential: OAuthClient = {
  ...base,
  clientId: 'confidential-id',
  tokenEndpointAuthMethod: 'client_secret_basic',
  clientSecretHash: secretKey(SECRET),
};
const publicClient: OAuthClient = { ...base, clientId: 'public-id', tokenEndpointAuthMethod: 'none' };
const find = async (id: string) => [confidential, publicClient].find((client) => client.clientId === id);

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('authenticateClient', () => {
  it('authenticates a confidential client by HTTP Basic', async () => {
    await expect(authenticateClient({ authorization: basic('confidential-id', SECRET) }, find)).resolves.toBe(
      confidential,
    );
  });

  it('authenticates a confidential client by client_secret in the body', async () => {
    const credentials = { clientId: 'confidential-id', clientSecret: SECRET };
    await expect(authenticateClient(credentials, find)).resolves.toBe(confidential);
  });

  it('decodes form-encoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    const odd = { ...confidential, clientId: 'id:with space', clientSecretHash: secretKey('p@ss:wörd+') };
    const credentials = { authorization: basic('id:with space', 'p@ss:wörd+') };
    await expect(authenticateClient(credentials, async () => odd)).resolves.toBe(odd);
  });

  it('refuses Basic and client_secret in one request with invalid_request', async () => {
    const credentials = { authorization: basic('confidential-id', SECRET), clientSecret: SECRET };
    await expect(authenticateClient(credentials, find)).rejects.toThrow(InvalidRequest);
  });

  it('refuses a body client_id that differs from the Basic one', async () => {
    const credentials = { authorization: basic('confidential-id', SECRET), clientId: 'public-id' };
    await expect(authenticateClient(credentials, find)).rejects.toThrow(InvalidRequest);
  });

  it('accepts a body client_id equal to the Basic one', async () => {
    const credentials = { authorization: basic('confidential-id', SECRET), clientId: 'confidential-id' };
    await expect(authenticateClient(credentials, find)).resolves.toBe(confidential);
  });

  it('answers a failed Basic authentication with 401 and WWW-Authenticate: Basic', async () => {
    const error = await failure(
      authenticateClient({ authorization: basic('confidential-id', 'wrong') }, find),
    );
    expect(error).toBeInstanceOf(InvalidClient);
    expect((error as InvalidClient).status).toBe(401);
    expect((error as InvalidClient).headers['WWW-Authenticate']).toMatch(/^Basic/);
  });

  it('answers a failed POST authentication with invalid_client and no Basic challenge', async () => {
    const error = await failure(authenticateClient({ clientId: 'confidential-id', clientSecret: 'x' }, find));
    expect(error).toBeInstanceOf(InvalidClient);
    expect((error as InvalidClient).headers).toEqual({});
  });

  it('refuses an unknown client', async () => {
    await expect(authenticateClient({ clientId: 'nobody' }, find)).rejects.toThrow('unknown client');
    const error = await failure(authenticateClient({ authorization: basic('nobody', 'x') }, find));
    expect((error as InvalidClient).headers['WWW-Authenticate']).toBeDefined();
  });

  it('requires the secret of a confidential client', async () => {
    await expect(authenticateClient({ clientId: 'confidential-id' }, find)).rejects.toThrow(
      'client authentication is required',
    );
  });

  it('requires some client identification', async () => {
    await expect(authenticateClient({}, find)).rejects.toThrow(InvalidClient);
  });

  it('identifies a public client by client_id alone', async () => {
    await expect(authenticateClient({ clientId: 'public-id' }, find)).resolves.toBe(publicClient);
  });

  it('refuses a public client that sends a secret, by POST or Basic', async () => {
    const post = { clientId: 'public-id', clientSecret: 'anything' };
    await expect(authenticateClient(post, find)).rejects.toThrow('must not send a secret');
    await expect(authenticateClient({ authorization: basic('public-id', 'x') }, find)).rejects.toThrow(
      InvalidClient,
    );
    await expect(authenticateClient({ authorization: basic('public-id', '') }, find)).rejects.toThrow(
      InvalidClient,
    );
  });

  it.each(['Basic', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`])(
    'refuses malformed Basic credentials %j with a Basic challenge',
    async (authorization) => {
      const error = await failure(authenticateClient({ authorization }, find));
      expect(error).toBeInstanceOf(InvalidClient);
      expect((error as InvalidClient).attemptedScheme).toBe('Basic');
    },
  );

  it('ignores other authorization schemes (a bearer is not client authentication)', async () => {
    const credentials = { authorization: 'Bearer registration-token', clientId: 'public-id' };
    await expect(authenticateClient(credentials, find)).resolves.toBe(publicClient);
  });
});

describe('requireGrantType', () => {
  it('refuses a grant the client did not register', () => {
    expect(() => requireGrantType(confidential, 'refresh_token')).toThrow(UnauthorizedClient);
    expect(() => requireGrantType(confidential, 'authorization_code')).not.toThrow();
  });
});

describe('bearerTokenOf', () => {
  it('reads the token of a Bearer authorization header', () => {
    expect(bearerTokenOf('Bearer abc.DEF-_~+/=')).toBe('abc.DEF-_~+/=');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf('Basic abc')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
