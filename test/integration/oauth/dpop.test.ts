import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callMcpWith, DpopKey, withDpopNonce } from './dpop-helpers.js';
import {
  exchangeCode,
  type Harness,
  postForm,
  REGISTRATION_TOKEN,
  type RegisteredClient,
  refresh,
  registerClient,
  type SignedIn,
  signIn,
  startHarness,
  type TokenAnswer,
  tokensFor,
  tokensOf,
} from './oauth-harness.js';
import { ACCESS_TOKEN_TYPE, allowExchange, exchange } from './token-exchange-helpers.js';

// DPoP (RFC 9449) over HTTP: a proof at the token endpoint (after the nonce round trip) binds the
// tokens to the client's key; the MCP endpoint then wants "DPoP <token>" and a fresh proof every time.

let harness: Harness;
let client: RegisteredClient;
let key: DpopKey;
let bound: TokenAnswer;
let tokenUrl: string;

async function codeTokens(proofKey: DpopKey): Promise<Response> {
  return exchangeWithProof(await signIn(harness, client), proofKey);
}

function exchangeWithProof(signedIn: SignedIn, proofKey: DpopKey): Promise<Response> {
  return withDpopNonce(async (nonce) =>
    exchangeCode(
      harness,
      client,
      signedIn,
      {},
      { dpop: await proofKey.proof('POST', tokenUrl, nonce ? { nonce } : {}) },
    ),
  );
}

function refreshWith(refreshToken: string, proof?: string): Promise<Response> {
  return refresh(harness, client, refreshToken, proof ? { dpop: proof } : {});
}

beforeAll(async () => {
  harness = await startHarness();
  tokenUrl = `${harness.baseUrl}/oauth/token`;
  client = await registerClient(harness);
  key = await DpopKey.generate();
  bound = await tokensOf(await codeTokens(key));
});
afterAll(() => harness?.stop());

async function refusal(response: Response) {
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    ...((await response.json()) as Record<string, unknown>),
  };
}

const proofFor = (token: string, options: Parameters<DpopKey['proof']>[2] = {}) =>
  key.proof('POST', harness.mcpUrl, { accessToken: token, ...options });

describe('DPoP at the token endpoint', () => {
  it('asks for a nonce first, then issues DPoP-bound tokens (token_type DPoP, cnf.jkt)', async () => {
    const signedIn = await signIn(harness, client);
    const first = await exchangeCode(
      harness,
      client,
      signedIn,
      {},
      { dpop: await key.proof('POST', tokenUrl) },
    );
    expect(first.headers.get('dpop-nonce')).toMatch(/^[0-9a-z]+\.[\w-]{32}$/);
    expect(await refusal(first)).toMatchObject({ status: 400, error: 'use_dpop_nonce' });
    expect(bound.token_type).toBe('DPoP');
    const introspection = await postForm(
      harness,
      '/oauth/introspect',
      { token: bound.access_token },
      { authorization: `Bearer ${REGISTRATION_TOKEN}` },
    );
    expect(await introspection.json()).toMatchObject({
      active: true,
      token_type: 'DPoP',
      cnf: { jkt: expect.stringMatching(/^[\w-]{43}$/) },
    });
  });

  it('binds a code to the key dpop_jkt named at authorize: another key or none is refused, the code kept', async () => {
    const bindingKey = await DpopKey.generate();
    const signedIn = await signIn(harness, client, {
      parameters: { dpop_jkt: await bindingKey.thumbprint() },
    });
    const otherKey = await refusal(await exchangeWithProof(signedIn, await DpopKey.generate()));
    expect(otherKey).toMatchObject({
      status: 400,
      error: 'invalid_dpop_proof',
      error_description:
        'the authorization code is bound to a DPoP key (dpop_jkt): send a proof signed with that key',
    });
    expect(await refusal(await exchangeCode(harness, client, signedIn))).toMatchObject({
      status: 400,
      error: 'invalid_dpop_proof',
    });
    const tokens = await tokensOf(await exchangeWithProof(signedIn, bindingKey));
    expect(tokens.token_type).toBe('DPoP');
  });

  it('refuses a proof that is not a signed dpop+jwt, or names another endpoint', async () => {
    const unsigned = `${Buffer.from('{"alg":"none","typ":"dpop+jwt"}').toString('base64url')}.e30.x`;
    const wrongUrl = await key.proof('POST', `${harness.baseUrl}/oauth/other`);
    for (const proof of [unsigned, wrongUrl, 'not a jwt']) {
      const answer = await refusal(await refreshWith(bound.refresh_token ?? '', proof));
      expect(answer).toMatchObject({ status: 400, error: 'invalid_dpop_proof' });
    }
  });

  it('binds a public client refresh token: refused without the key, refreshed with it', async () => {
    const fresh = await tokensOf(await codeTokens(key));
    const refreshToken = fresh.refresh_token ?? '';
    expect(await refusal(await refreshWith(refreshToken))).toMatchObject({
      status: 400,
      error: 'invalid_dpop_proof',
      error_description: 'the refresh token is bound to a DPoP key: send a proof signed with it',
    });
    const other = await DpopKey.generate();
    const byOther = await withDpopNonce(async (nonce) =>
      refreshWith(refreshToken, await other.proof('POST', tokenUrl, nonce ? { nonce } : {})),
    );
    expect(await refusal(byOther)).toMatchObject({ status: 400, error: 'invalid_dpop_proof' });
    const refreshed = await tokensOf(
      await withDpopNonce(async (nonce) =>
        refreshWith(refreshToken, await key.proof('POST', tokenUrl, nonce ? { nonce } : {})),
      ),
    );
    expect(refreshed.token_type).toBe('DPoP');
    const called = await callMcpWith(
      harness.mcpUrl,
      'DPoP',
      refreshed.access_token,
      await proofFor(refreshed.access_token),
    );
    expect(called.status).toBe(200);
  });
});

describe('DPoP with token exchange', () => {
  it('binds the exchanged token to the agent key', async () => {
    const agent = await registerClient(harness, { token_endpoint_auth_method: 'client_secret_basic' });
    await allowExchange(harness.store, agent.client_id, [harness.mcpUrl]);
    const agentKey = await DpopKey.generate();
    const user = await tokensFor(harness, client);
    const exchanged = await tokensOf(
      await withDpopNonce(async (nonce) =>
        exchange(
          harness,
          agent,
          user.access_token,
          {},
          { dpop: await agentKey.proof('POST', tokenUrl, nonce ? { nonce } : {}) },
        ),
      ),
    );
    expect(exchanged).toMatchObject({ token_type: 'DPoP', issued_token_type: ACCESS_TOKEN_TYPE });
    const proof = await agentKey.proof('POST', harness.mcpUrl, { accessToken: exchanged.access_token });
    expect((await callMcpWith(harness.mcpUrl, 'DPoP', exchanged.access_token, proof)).status).toBe(200);
    expect((await callMcpWith(harness.mcpUrl, 'Bearer', exchanged.access_token)).status).toBe(401);
  });
});

describe('DPoP at the MCP endpoint', () => {
  it('accepts the token as "DPoP <token>" with a fresh proof of the key, every time', async () => {
    for (let call = 0; call < 2; call++) {
      const response = await callMcpWith(
        harness.mcpUrl,
        'DPoP',
        bound.access_token,
        await proofFor(bound.access_token),
      );
      expect(response.status).toBe(200);
    }
  });

  it('refuses the bound token as Bearer, with a DPoP challenge', async () => {
    const answer = await refusal(await callMcpWith(harness.mcpUrl, 'Bearer', bound.access_token));
    expect(answer).toMatchObject({ status: 401, error: 'invalid_token' });
    expect(answer.challenge).toMatch(/^DPoP error="invalid_token", error_description="[^"]+", algs="ES256 /);
  });

  const refusals: [string, () => Promise<string | undefined>, RegExp][] = [
    ['without a proof', async () => undefined, /DPoP header\) is required/],
    [
      'with a proof for another URL',
      () => key.proof('POST', `${harness.baseUrl}/other`, { accessToken: bound.access_token }),
      /htu must be/,
    ],
    [
      'with a proof for another method',
      () => key.proof('GET', harness.mcpUrl, { accessToken: bound.access_token }),
      /htm must be POST/,
    ],
    ['with a proof without ath', () => key.proof('POST', harness.mcpUrl), /ath must be the hash/],
    [
      'with an old proof',
      () => proofFor(bound.access_token, { iat: Math.floor(Date.now() / 1000) - 600 }),
      /too old/,
    ],
    [
      'with a proof of another key',
      async () =>
        (await DpopKey.generate()).proof('POST', harness.mcpUrl, { accessToken: bound.access_token }),
      /not signed by the key/,
    ],
  ];
  it.each(refusals)(
    'refuses the bound token %s: 401 invalid_dpop_proof',
    async (_name, makeProof, description) => {
      const answer = await refusal(
        await callMcpWith(harness.mcpUrl, 'DPoP', bound.access_token, await makeProof()),
      );
      expect(answer).toMatchObject({
        status: 401,
        error: 'invalid_dpop_proof',
        error_description: expect.stringMatching(description),
      });
      expect(answer.challenge).toMatch(
        /^DPoP error="invalid_dpop_proof", error_description="[^"]+", algs="ES256 ES384 EdDSA RS256 PS256"$/,
      );
    },
  );

  it('refuses a replayed proof (the same jti)', async () => {
    const proof = await proofFor(bound.access_token);
    expect((await callMcpWith(harness.mcpUrl, 'DPoP', bound.access_token, proof)).status).toBe(200);
    const replay = await refusal(await callMcpWith(harness.mcpUrl, 'DPoP', bound.access_token, proof));
    expect(replay).toMatchObject({
      status: 401,
      error: 'invalid_dpop_proof',
      error_description: 'the DPoP proof was already used (its jti was seen before)',
    });
  });

  it('refuses an unbound token sent with the DPoP scheme, and still takes it as Bearer', async () => {
    const plain = await tokensFor(harness, client);
    expect(plain.token_type).toBe('Bearer');
    const asDpop = await callMcpWith(
      harness.mcpUrl,
      'DPoP',
      plain.access_token,
      await proofFor(plain.access_token),
    );
    expect(await refusal(asDpop)).toMatchObject({ status: 401, error: 'invalid_token' });
    expect((await callMcpWith(harness.mcpUrl, 'Bearer', plain.access_token)).status).toBe(200);
  });
});
