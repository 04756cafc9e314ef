import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LoginStates, type PendingLogin } from '../../../src/oauth/login-states.js';
import { AesGcmCipher } from '../../../src/storage/encryption.js';
import { MemoryStore } from '../../../src/storage/memory/index.js';
import { RecordVault } from '../../../src/storage/record-vault.js';

const pending: PendingLogin = {
  clientId: 'client',
  redirectUri: 'http://127.0.0.1:3000/cb',
  requestedRedirectUri: 'http://127.0.0.1:3000/cb',
  clientState: 'client-state',
  codeChallenge: 'c'.repeat(43),
  scopes: ['openid'],
  resource: 'https://mcp.example.com/mcp',
  browserBindingHash: 'hash',
  upstreamCodeVerifier: 'upstream-verifier-secret',
  upstreamNonce: 'upstream-nonce',
};

function states(now = () => Date.now()) {
  const store = new MemoryStore({ now });
  return { store, states: new LoginStates(new RecordVault(store, new AesGcmCipher(randomBytes(32)))) };
}

describe('LoginStates', () => {
  it('gives a pending login back once for its state', async () => {
    const { states: logins } = states();
    const state = await logins.create(pending);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await logins.consume(state)).toEqual(pending);
    expect(await logins.consume(state)).toBeUndefined();
  });

  it('gives it to exactly one of 10 parallel callbacks', async () => {
    const { states: logins } = states();
    const state = await logins.create(pending);
    const results = await Promise.all(Array.from({ length: 10 }, () => logins.consume(state)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets a state after 600 s', async () => {
    let now = 0;
    const { states: logins } = states(() => now);
    const state = await logins.create(pending);
    now += 600_000;
    expect(await logins.consume(state)).toBeUndefined();
  });
});
