import type { Request, RequestHandler, Response } from 'express';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { InvalidToken } from '../../../src/oauth/errors.js';
import {
  type DownstreamIdentityOptions,
  withDownstreamIdentity,
} from '../../../src/server/downstream-identity.js';

const principal = {
  subject: 'alice-sub',
  email: 'alice@example.com',
  groups: ['developers', 'system:masters'],
  scopes: [],
  clientId: 'client',
  grantId: 'grant',
};
const SETTINGS: DownstreamIdentityOptions['settings'] = {
  downstreamToken: 'id-token',
  downstreamAuth: 'token',
  downstreamOauthInsecureFallback: false,
};

/** The bearer check as it leaves a request it accepted. */
const acceptingBearer: RequestHandler = (req, _res, next) => {
  req.principal = principal;
  (req as Request & { auth?: unknown }).auth = {
    token: 't',
    clientId: 'client',
    scopes: [],
    extra: { principal },
  };
  next();
};

async function run(body: unknown, settings: Partial<typeof SETTINGS> = {}, failure?: Error) {
  const upstreamCredential = vi.fn(async () => {
    if (failure) throw failure;
    return { token: 'alice-id-token' };
  });
  const refuse = vi.fn();
  const guard = withDownstreamIdentity(acceptingBearer, {
    oauth: { upstreamCredential, refuse },
    settings: { ...SETTINGS, ...settings },
    logger: pino({ level: 'silent' }),
  });
  const req = { method: 'POST', body } as Request;
  const next = vi.fn();
  await new Promise<void>((resolve) => {
    guard(req, {} as Response, (error?: unknown) => {
      next(error);
      resolve();
    });
    refuse.mockImplementation(() => resolve());
  });
  const extra = (req as Request & { auth?: { extra?: Record<string, unknown> } }).auth?.extra;
  return { upstreamCredential, refuse, next, identity: extra?.downstreamIdentity };
}

const toolCall = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'kubernetes_list' } };

describe('withDownstreamIdentity', () => {
  it('attaches the user token to a tools/call', async () => {
    const { identity, next } = await run(toolCall);
    expect(identity).toEqual({ bearerToken: 'alice-id-token' });
    expect(next).toHaveBeenCalledWith(undefined);
  });

  it('asks for no credential for requests that call no tool', async () => {
    const { upstreamCredential, identity } = await run({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(upstreamCredential).not.toHaveBeenCalled();
    expect(identity).toBeUndefined();
  });

  it('treats a body the app did not parse as a possible tool call', async () => {
    const { upstreamCredential } = await run(undefined);
    expect(upstreamCredential).toHaveBeenCalled();
  });

  it('finds a tools/call inside a batch', async () => {
    const { identity } = await run([{ jsonrpc: '2.0', method: 'notifications/initialized' }, toolCall]);
    expect(identity).toEqual({ bearerToken: 'alice-id-token' });
  });

  it('impersonates the verified email with the groups, never a system: group', async () => {
    const { identity } = await run(toolCall, { downstreamAuth: 'impersonate' });
    expect(identity).toEqual({ impersonate: { user: 'alice@example.com', groups: ['developers'] } });
  });

  it('refuses with the challenge, and goes no further, when the credential is gone', async () => {
    const { refuse, next } = await run(toolCall, {}, new InvalidToken('log in again'));
    expect(refuse).toHaveBeenCalledWith(expect.anything(), expect.any(InvalidToken));
    expect(next).not.toHaveBeenCalled();
  });

  it('goes on with no identity (the server credential) only under the insecure fallback', async () => {
    const fallback = await run(toolCall, { downstreamOauthInsecureFallback: true }, new InvalidToken('gone'));
    expect(fallback.refuse).not.toHaveBeenCalled();
    expect(fallback.identity).toBeUndefined();
    expect(fallback.next).toHaveBeenCalledWith(undefined);
  });
});
