import { describe, expect, it } from 'vitest';
import * as errors from '../../../src/oauth/errors.js';

describe('OAuth errors', () => {
  it.each([
    [new errors.InvalidRequest('d'), 'invalid_request', 400],
    [new errors.InvalidClient('d'), 'invalid_client', 401],
    [new errors.InvalidGrant('d'), 'invalid_grant', 400],
    [new errors.UnauthorizedClient('d'), 'unauthorized_client', 400],
    [new errors.UnsupportedGrantType('d'), 'unsupported_grant_type', 400],
    [new errors.UnsupportedResponseType('d'), 'unsupported_response_type', 400],
    [new errors.InvalidScope('d'), 'invalid_scope', 400],
    [new errors.AccessDenied('d'), 'access_denied', 403],
    [new errors.ServerError('d'), 'server_error', 500],
    [new errors.TemporarilyUnavailable('d'), 'temporarily_unavailable', 503],
    [new errors.InvalidRedirectUri('d'), 'invalid_redirect_uri', 400],
    [new errors.InvalidClientMetadata('d'), 'invalid_client_metadata', 400],
    [new errors.InvalidToken('d'), 'invalid_token', 401],
    [new errors.InsufficientScope('d'), 'insufficient_scope', 403],
    [new errors.UnsupportedTokenType('d'), 'unsupported_token_type', 400],
    [new errors.InvalidTarget('d'), 'invalid_target', 400],
  ])('%o answers %s with status %i', (error, code, status) => {
    expect(error.error).toBe(code);
    expect(error.status).toBe(status);
    expect(error.toJSON()).toEqual({ error: code, error_description: 'd' });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ error: code, error_description: 'd' });
    expect(errors.isOAuthError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });

  it('asks for a Basic challenge only when the client tried Basic authentication', () => {
    expect(new errors.InvalidClient('d', 'Basic').headers).toEqual({
      'WWW-Authenticate': 'Basic realm="oauth"',
    });
    expect(new errors.InvalidClient('d').headers).toEqual({});
  });

  it('tells when to retry a limited request', () => {
    const error = new errors.TooManyRequests('too many clients', 3600);
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'Retry-After': '3600' });
  });

  it('names itself after its class, for logs', () => {
    expect(new errors.InvalidGrant('d').name).toBe('InvalidGrant');
    expect(errors.isOAuthError(new Error('x'))).toBe(false);
  });
});
