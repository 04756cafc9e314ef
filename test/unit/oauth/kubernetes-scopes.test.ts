import { describe, expect, it } from 'vitest';
import { InvalidScope } from '../../../src/oauth/errors.js';
import {
  effectiveScopes,
  grantableScopes,
  offeredScopes,
  stepUpScopes,
  upstreamScopesOf,
} from '../../../src/oauth/kubernetes-scopes.js';

const UPSTREAM = ['openid', 'email', 'profile'];
const DEFAULTS = ['kubernetes:read', 'kubernetes:write', 'kubernetes:exec'];

describe('our Kubernetes scopes', () => {
  it('are offered after the identity provider scopes, once each', () => {
    expect(offeredScopes(['openid', 'kubernetes:read'])).toEqual([
      'openid',
      'kubernetes:read',
      'kubernetes:write',
      'kubernetes:exec',
      'kubernetes:port-forward',
    ]);
  });

  it('are never passed on to the identity provider', () => {
    expect(upstreamScopesOf(['openid', 'kubernetes:write', 'email'])).toEqual(['openid', 'email']);
  });

  it('default to read, write and exec, with every provider scope, when none is requested', () => {
    expect(grantableScopes([], UPSTREAM)).toEqual([...UPSTREAM, ...DEFAULTS]);
    expect(grantableScopes(['email'], UPSTREAM)).toEqual(['email', ...DEFAULTS]);
  });

  it('grant what is asked, always with kubernetes:read, and every provider scope when none is named', () => {
    expect(grantableScopes(['kubernetes:exec'], UPSTREAM)).toEqual([
      ...UPSTREAM,
      'kubernetes:read',
      'kubernetes:exec',
    ]);
    expect(grantableScopes(['openid', 'kubernetes:port-forward'], UPSTREAM)).toEqual([
      'openid',
      'kubernetes:read',
      'kubernetes:port-forward',
    ]);
  });

  it('refuse an unknown scope, or a provider scope the client may not ask for, with invalid_scope', () => {
    expect(() => grantableScopes(['kubernetes:admin'], UPSTREAM)).toThrow(InvalidScope);
    expect(() => grantableScopes(['kubernetes:admin', 'groups'], UPSTREAM)).toThrow(
      'scope not allowed: kubernetes:admin groups',
    );
  });

  it('give a token from before scopes existed what it could do then', () => {
    expect(effectiveScopes(['openid'])).toEqual(['openid', ...DEFAULTS]);
    expect(effectiveScopes(['openid', 'kubernetes:read'])).toEqual(['openid', 'kubernetes:read']);
  });

  it('challenge for all the token holds and the call needs, without offline_access', () => {
    expect(stepUpScopes(['offline_access', 'openid', 'kubernetes:read'], ['kubernetes:write'])).toEqual([
      'openid',
      'kubernetes:read',
      'kubernetes:write',
    ]);
  });
});
