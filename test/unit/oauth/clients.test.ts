import { describe, expect, it } from 'vitest';
import { ClientRegistry, type ClientRegistryOptions } from '../../../src/oauth/clients.js';
import {
  InvalidClientMetadata,
  InvalidRedirectUri,
  InvalidToken,
  TooManyRequests,
} from '../../../src/oauth/errors.js';
import { MemoryStore } from '../../../src/storage/memory/index.js';
import { RecordVault } from '../../../src/storage/record-vault.js';
import { secretKey } from '../../../src/storage/secret-keys.js';

const TOKEN = 'registration-secret';
const valid = { redirect_uris: ['https://app.example.com/cb'], token_endpoint_auth_method: 'none' };

function registry(options: Partial<ClientRegistryOptions> = {}) {
  const store = new MemoryStore();
  const clients = new ClientRegistry(new RecordVault(store), {
    allowedScopes: ['openid', 'email'],
    registrationToken: TOKEN,
    now: () => Date.UTC(2026, 0, 1),
    ...options,
  });
  /** `null`: no Authorization header. */
  const register = (metadata: unknown, registrationToken: string | null = TOKEN, ipAddress = '192.0.2.1') =>
    clients.register({ metadata, ipAddress, ...(registrationToken === null ? {} : { registrationToken }) });
  return { store, clients, register };
}

describe('ClientRegistry.register', () => {
  it('issues client ids that never start with `-`, so that the admin command line can name them', async () => {
    // 0xf8 bytes make a token that starts with `-`; the client secret and registration token keep it.
    const { register } = registry({ randomBytes: (size) => new Uint8Array(size).fill(0xf8) });
    const response = await register({ ...valid, token_endpoint_auth_method: 'client_secret_post' });
    expect(response.client_id).toMatch(/^_/);
    expect(response.client_secret).toMatch(/^-/);
  });

  it('registers a public client and answers with RFC 7591 metadata', async () => {
    const { register, clients } = registry();
    const response = await register({ ...valid, client_name: 'My MCP Client', scope: 'openid' });
    expect(response).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_id_issued_at: Date.UTC(2026, 0, 1) / 1000,
      client_secret_expires_at: 0,
      client_name: 'My MCP Client',
      redirect_uris: ['https://app.example.com/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: 'openid',
      registration_access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(response.client_secret).toBeUndefined();
    expect((await clients.find(response.client_id))?.registeredBy).toBe('registration-token');
  });

  it('treats an omitted token_endpoint_auth_method as client_secret_basic and issues a secret once', async () => {
    const { register, clients } = registry();
    const response = await register({ redirect_uris: ['https://app.example.com/cb'] });
    expect(response.token_endpoint_auth_method).toBe('client_secret_basic');
    expect(response.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.client_secret_expires_at).toBe(0);
    const stored = await clients.find(response.client_id);
    expect(stored?.clientSecretHash).toBe(secretKey(response.client_secret ?? ''));
    expect(JSON.stringify(stored)).not.toContain(response.client_secret);
  });

  it('issues a secret to client_secret_post clients', async () => {
    const { register } = registry();
    const response = await register({ ...valid, token_endpoint_auth_method: 'client_secret_post' });
    expect(response.client_secret).toBeDefined();
  });

  it('keeps the registered grant types', async () => {
    const { register } = registry();
    const response = await register({ ...valid, grant_types: ['authorization_code', 'refresh_token'] });
    expect(response.grant_types).toEqual(['authorization_code', 'refresh_token']);
  });

  it('refuses a registration without a token, or with a wrong one', async () => {
    const { register } = registry();
    await expect(register(valid, null)).rejects.toThrow(InvalidToken);
    await expect(register(valid, null)).rejects.toThrow('requires a registration token');
    await expect(register(valid, 'wrong')).rejects.toThrow('the registration token is not valid');
  });

  it('refuses a wrong token even when public registration is allowed', async () => {
    const { register } = registry({ allowPublicRegistration: true });
    await expect(register(valid, 'wrong')).rejects.toThrow(InvalidToken);
  });

  it('accepts registrations without a token when public registration is allowed, marked as public', async () => {
    const { register, clients } = registry({ allowPublicRegistration: true });
    const response = await register(valid, null);
    expect((await clients.find(response.client_id))?.registeredBy).toBe('public');
  });

  it('accepts a tokenless registration whose redirect URIs all use trusted schemes', async () => {
    const { register } = registry({ trustedPublicRegistrationSchemes: ['cursor', 'vscode'] });
    const cursor = { ...valid, redirect_uris: ['cursor://oauth/callback', 'vscode://x/cb'] };
    await expect(register(cursor, null)).resolves.toHaveProperty('client_id');
    const mixed = { ...valid, redirect_uris: ['cursor://oauth/callback', 'https://app.example.com/cb'] };
    await expect(register(mixed, null)).rejects.toThrow(InvalidToken);
  });

  it('refuses the 11th client from one IP address, but not from another', async () => {
    const { register } = registry();
    for (let i = 0; i < 10; i += 1) await register(valid);
    await expect(register(valid)).rejects.toThrow(TooManyRequests);
    await expect(register(valid)).rejects.toThrow('at most 10 clients');
    await expect(register(valid, TOKEN, '192.0.2.2')).resolves.toHaveProperty('client_id');
  });

  it('honours maxClientsPerIp', async () => {
    const { register } = registry({ maxClientsPerIp: 2 });
    await register(valid);
    await register(valid);
    await expect(register(valid)).rejects.toThrow('at most 2 clients');
  });

  it('lets exactly 10 of 20 parallel registrations from one IP through', async () => {
    const { register } = registry();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => register(valid)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
  });

  it('does not count refused registrations against the IP', async () => {
    const { register } = registry({ maxClientsPerIp: 1 });
    await expect(register({ redirect_uris: ['javascript:x'] })).rejects.toThrow(InvalidRedirectUri);
    await expect(register(valid)).resolves.toHaveProperty('client_id');
  });

  it('refuses invalid redirect URIs with invalid_redirect_uri', async () => {
    const { register } = registry();
    await expect(register({ ...valid, redirect_uris: [] })).rejects.toThrow(InvalidRedirectUri);
    await expect(register({ ...valid, redirect_uris: ['https://a.example/cb#x'] })).rejects.toThrow(
      InvalidRedirectUri,
    );
    await expect(register({ token_endpoint_auth_method: 'none' })).rejects.toThrow(InvalidRedirectUri);
  });

  it.each([
    ['a body that is not an object', ['https://app.example.com/cb'], /JSON object/],
    [
      'an unsupported grant type',
      { ...valid, grant_types: ['client_credentials'] },
      /grant_types supports only/,
    ],
    [
      'grant types without authorization_code',
      { ...valid, grant_types: ['refresh_token'] },
      /include authorization_code/,
    ],
    ['an unsupported response type', { ...valid, response_types: ['token'] }, /response_types supports only/],
    ['an empty response_types', { ...valid, response_types: [] }, /non-empty array/],
    ['an unknown auth method', { ...valid, token_endpoint_auth_method: 'private_key_jwt' }, /must be one of/],
    ['a scope outside the allowed set', { ...valid, scope: 'openid admin' }, /scope not allowed: admin/],
    ['a scope that is not a string', { ...valid, scope: ['openid'] }, /space-separated string/],
    ['an empty client_name', { ...valid, client_name: ' ' }, /client_name/],
    ['a client_name with control characters', { ...valid, client_name: 'a\u0007b' }, /client_name/],
    ['a too long client_name', { ...valid, client_name: 'x'.repeat(201) }, /at most 200/],
  ])('refuses %s with invalid_client_metadata', async (_, metadata, message) => {
    const { register } = registry();
    await expect(register(metadata)).rejects.toThrow(InvalidClientMetadata);
    await expect(register(metadata)).rejects.toThrow(message);
  });

  it('ignores unknown metadata fields', async () => {
    const { register } = registry();
    const response = await register({ ...valid, logo_uri: 'https://x/logo.png', software_id: 'x' });
    expect(response).not.toHaveProperty('logo_uri');
  });
});

describe('ClientRegistry.isRegistrationToken', () => {
  it('recognises only the configured token', () => {
    const { clients } = registry();
    expect(clients.isRegistrationToken(TOKEN)).toBe(true);
    expect(clients.isRegistrationToken(`${TOKEN}x`)).toBe(false);
    expect(clients.isRegistrationToken(undefined)).toBe(false);
    expect(registry({ registrationToken: undefined }).clients.isRegistrationToken('')).toBe(false);
  });
});
