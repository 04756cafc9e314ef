import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecretFields } from '../../../src/observability/log-redaction.js';

describe('redactSecretFields', () => {
  it('replaces secret fields down to the fourth level, in objects and arrays', () => {
    const logged = {
      token: 't1',
      req: { headers: { authorization: 'Bearer t2', accept: 'application/json' } },
      grants: [{ refresh_token: 't3' }, { client: { client_secret: 't4' } }],
      deep: { a: { b: { c: { password: 'below the fourth level' } } } },
    };
    expect(redactSecretFields(logged)).toEqual({
      token: REDACTED,
      req: { headers: { authorization: REDACTED, accept: 'application/json' } },
      grants: [{ refresh_token: REDACTED }, { client: { client_secret: REDACTED } }],
      deep: { a: { b: { c: { password: 'below the fourth level' } } } },
    });
    expect(Array.isArray(redactSecretFields(logged).grants)).toBe(true);
  });

  it('never changes the logged object, and copies nothing when nothing is secret', () => {
    const headers = { authorization: 'Bearer t' };
    const logged = { req: { headers }, status: 200 };
    redactSecretFields(logged);
    expect(headers.authorization).toBe('Bearer t');
    const harmless = { req: { method: 'GET' }, status: 200 };
    expect(redactSecretFields(harmless)).toBe(harmless);
  });

  it('keeps an error an error, with its message and stack', () => {
    const error = Object.assign(new Error('refused'), { token: 't' });
    const redacted = redactSecretFields({ err: error }).err;
    expect(redacted).toBeInstanceOf(Error);
    expect(redacted.message).toBe('refused');
    expect(redacted.stack).toBe(error.stack);
    expect(redacted.token).toBe(REDACTED);
    expect(error.token).toBe('t');
  });

  it('leaves an absent secret field absent, and Buffers and Dates as they are', () => {
    const when = new Date(0);
    const bytes = Buffer.from('x');
    expect(redactSecretFields({ token: undefined, when, bytes })).toEqual({ token: undefined, when, bytes });
  });
});
