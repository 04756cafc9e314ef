import { describe, expect, it } from 'vitest';
import { bearerChallenge } from '../../../src/auth/www-authenticate.js';
import { InvalidToken } from '../../../src/oauth/errors.js';

const base = {
  resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
  scopes: ['openid', 'email'],
};

describe('bearerChallenge', () => {
  it('names the resource metadata and the scopes when no token was sent', () => {
    expect(bearerChallenge(base)).toBe(
      'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="openid email"',
    );
  });

  it('adds error and description for a refused token, escaping quotes and backslashes', () => {
    expect(bearerChallenge({ ...base, error: new InvalidToken('bad "token" \\ here') })).toMatch(
      /, error="invalid_token", error_description="bad \\"token\\" \\\\ here"$/,
    );
  });
});
