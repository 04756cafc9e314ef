import { describe, expect, it } from 'vitest';
import { InvalidScope, InvalidTarget } from '../../../src/oauth/errors.js';
import { resolveResource } from '../../../src/oauth/resource-indicators.js';
import { formatScope, parseScope, requireAllowedScopes } from '../../../src/oauth/scopes.js';

describe('scopes', () => {
  it('parses space-delimited scopes, dropping empties and duplicates', () => {
    expect(parseScope(' openid  email openid ')).toEqual(['openid', 'email']);
    expect(parseScope(undefined)).toEqual([]);
    expect(formatScope(['openid', 'email'])).toBe('openid email');
  });

  it('refuses scopes outside the allowed set, naming them', () => {
    expect(() => requireAllowedScopes(['openid', 'admin'], ['openid'])).toThrow(InvalidScope);
    expect(() => requireAllowedScopes(['openid', 'admin'], ['openid'])).toThrow('scope not allowed: admin');
  });

  it('gives the fallback when none are requested', () => {
    expect(requireAllowedScopes([], ['openid', 'email'])).toEqual(['openid', 'email']);
    expect(requireAllowedScopes([], ['openid', 'email'], ['openid'])).toEqual(['openid']);
    expect(requireAllowedScopes(['email'], ['openid', 'email'])).toEqual(['email']);
  });
});

describe('resolveResource', () => {
  const ours = ['https://mcp.example.com/mcp', 'https://mcp.example.com'];

  it('binds to the default resource when none is requested', () => {
    expect(resolveResource(undefined, ours, ours[0] as string)).toBe(ours[0]);
  });

  it('accepts one of our resources', () => {
    expect(resolveResource('https://mcp.example.com', ours, 'x')).toBe('https://mcp.example.com');
    expect(resolveResource(['https://mcp.example.com'], ours, 'x')).toBe('https://mcp.example.com');
  });

  it('refuses another resource or several with invalid_target', () => {
    expect(() => resolveResource('https://other.example.com', ours, 'x')).toThrow(InvalidTarget);
    expect(() => resolveResource(ours, ours, 'x')).toThrow('only one resource');
  });
});
