import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  callMcp,
  type Harness,
  postForm,
  type RegisteredClient,
  registerClient,
  startHarness,
  type TokenAnswer,
  tokensFor,
  tokensOf,
} from './oauth-harness.js';
import { ACCESS_TOKEN_TYPE, allowExchange, exchange } from './token-exchange-helpers.js';

// RFC 8693 token exchange over HTTP: an agent (a confidential client an operator allowed) exchanges a
// user's access token for one that records it as the actor; every refusal names its RFC error.

let harness: Harness;
let userClient: RegisteredClient;
let agent: RegisteredClient;
let secondAgent: RegisteredClient;
let notAllowed: RegisteredClient;
let user: TokenAnswer;

const confidential = { token_endpoint_auth_method: 'client_secret_basic' };

beforeAll(async () => {
  harness = await startHarness();
  userClient = await registerClient(harness);
  agent = await registerClient(harness, { ...confidential, client_name: 'Agent' });
  secondAgent = await registerClient(harness, { ...confidential, client_name: 'Sub-agent' });
  notAllowed = await registerClient(harness, confidential);
  await allowExchange(harness.store, agent.client_id, [harness.mcpUrl]);
  await allowExchange(harness.store, secondAgent.client_id, [harness.mcpUrl]);
  user = await tokensFor(harness, userClient);
});
afterAll(() => harness?.stop());

async function refusal(response: Response) {
  return { status: response.status, ...((await response.json()) as Record<string, unknown>) };
}

/** Introspection by the client the token was issued to (a client sees only its own tokens). */
async function introspect(token: string, viewer = agent) {
  const response = await postForm(harness, '/oauth/introspect', { token }, basic(viewer));
  return (await response.json()) as Record<string, unknown>;
}

describe('token exchange at /oauth/token', () => {
  it('issues an access token acting for the user: act, same audience, no refresh token', async () => {
    const answer = await tokensOf(await exchange(harness, agent, user.access_token));
    expect(answer).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      scope: user.scope,
    });
    expect(answer.expires_in).toBeLessThanOrEqual(user.expires_in);
    const called = await callMcp(harness, answer.access_token);
    expect(called.status).toBe(200);
    const { principal } = (await called.json()) as { principal: Record<string, unknown> };
    expect(principal).toMatchObject({ clientId: agent.client_id, actor: { clientId: agent.client_id } });
    expect(await introspect(answer.access_token)).toMatchObject({
      active: true,
      client_id: agent.client_id,
      aud: harness.mcpUrl,
      act: { client_id: agent.client_id },
    });
  });

  it('narrows the scopes on request, and refuses wider ones with invalid_scope', async () => {
    const narrow = await tokensOf(
      await exchange(harness, agent, user.access_token, { scope: 'kubernetes:read' }),
    );
    expect(narrow.scope).toBe('kubernetes:read');
    const wider = await exchange(harness, agent, narrow.access_token, {
      scope: 'kubernetes:read kubernetes:write',
    });
    expect(await refusal(wider)).toEqual({
      status: 400,
      error: 'invalid_scope',
      error_description: 'the subject token does not hold the scope: kubernetes:write',
    });
  });

  it('nests the earlier actor when the subject token was itself exchanged', async () => {
    const first = await tokensOf(await exchange(harness, agent, user.access_token));
    const second = await tokensOf(await exchange(harness, secondAgent, first.access_token));
    expect(await introspect(second.access_token, secondAgent)).toMatchObject({
      act: { client_id: secondAgent.client_id, act: { client_id: agent.client_id } },
    });
  });

  it('revokes exchanged tokens with the user grant', async () => {
    const login = await tokensFor(harness, userClient);
    const exchanged = await tokensOf(await exchange(harness, agent, login.access_token));
    expect((await callMcp(harness, exchanged.access_token)).status).toBe(200);
    const revoked = await postForm(harness, '/oauth/revoke', {
      token: login.refresh_token,
      client_id: userClient.client_id,
    });
    expect(revoked.status).toBe(200);
    expect((await callMcp(harness, exchanged.access_token)).status).toBe(401);
    expect(await refusal(await exchange(harness, agent, login.access_token))).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('answers the authorization server metadata with the grant type', async () => {
    const metadata = (await (
      await fetch(`${harness.baseUrl}/.well-known/oauth-authorization-server`)
    ).json()) as {
      grant_types_supported: string[];
    };
    expect(metadata.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:token-exchange');
  });
});

describe('token exchange refusals', () => {
  const cases: [string, () => Promise<Response>, Record<string, unknown>][] = [
    [
      'a missing subject_token',
      () => exchange(harness, agent, undefined),
      { status: 400, error: 'invalid_request', error_description: 'subject_token is required' },
    ],
    [
      'another subject_token_type',
      () =>
        exchange(harness, agent, user.access_token, {
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        }),
      {
        status: 400,
        error: 'invalid_request',
        error_description: `subject_token_type must be ${ACCESS_TOKEN_TYPE}`,
      },
    ],
    [
      'a refresh token as requested_token_type',
      () =>
        exchange(harness, agent, user.access_token, {
          requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token',
        }),
      {
        status: 400,
        error: 'invalid_request',
        error_description: `requested_token_type must be ${ACCESS_TOKEN_TYPE} (or left out)`,
      },
    ],
    [
      'an unknown subject token',
      () => exchange(harness, agent, 'x'.repeat(43)),
      {
        status: 400,
        error: 'invalid_grant',
        error_description: 'the subject_token is invalid, expired or revoked',
      },
    ],
    [
      'a client no operator allowed',
      () => exchange(harness, notAllowed, user.access_token),
      {
        status: 400,
        error: 'unauthorized_client',
        error_description: 'this client is not allowed to exchange tokens (an operator must allow it)',
      },
    ],
    [
      'an audience off the allow-list',
      () => exchange(harness, agent, user.access_token, { audience: 'https://elsewhere.example/mcp' }),
      {
        status: 400,
        error: 'invalid_target',
        error_description:
          'this client may not exchange tokens for the audience https://elsewhere.example/mcp',
      },
    ],
    [
      'a wrong client secret',
      () => exchange(harness, { ...agent, client_secret: 'wrong' }, user.access_token),
      { status: 401, error: 'invalid_client' },
    ],
  ];
  it.each(cases)('refuses %s', async (_name, send, expected) => {
    expect(await refusal(await send())).toMatchObject(expected);
  });

  it('refuses an expired subject token with invalid_grant', async () => {
    const login = await tokensFor(harness, userClient);
    harness.clock.advance(login.expires_in * 1000 + 1000);
    try {
      expect(await refusal(await exchange(harness, agent, login.access_token))).toMatchObject({
        status: 400,
        error: 'invalid_grant',
      });
    } finally {
      harness.clock.advance(-(login.expires_in * 1000 + 1000));
    }
  });
});
