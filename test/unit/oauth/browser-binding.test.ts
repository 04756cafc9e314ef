import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { BrowserBinding } from '../../../src/oauth/browser-binding.js';

function issueCookie(secure: boolean) {
  const binding = new BrowserBinding({ signingKey: Buffer.alloc(32, 1), secure, lifetimeMs: 60_000 });
  const set: { name: string; value: string; options: Record<string, unknown> }[] = [];
  const res = {
    cookie: (name: string, value: string, options: Record<string, unknown>) =>
      set.push({ name, value, options }),
  };
  const id = binding.ensure({ headers: {} } as Request, res as unknown as Response);
  return { binding, id, cookie: set[0] };
}

describe('BrowserBinding', () => {
  it('uses a __Host- Secure cookie on https and an unprefixed one on loopback http, both HttpOnly and Lax', () => {
    expect(issueCookie(true).cookie).toMatchObject({
      name: '__Host-mcp-browser',
      options: { httpOnly: true, sameSite: 'lax', secure: true, path: '/' },
    });
    expect(issueCookie(false).cookie).toMatchObject({ name: 'mcp-browser', options: { secure: false } });
  });

  it('reads back only a correctly signed cookie', () => {
    const { binding, id, cookie } = issueCookie(false);
    const read = (value: string) => binding.read({ headers: { cookie: `mcp-browser=${value}` } } as Request);
    expect(read(cookie?.value ?? '')).toBe(id);
    expect(read(`${id}.forged-signature`)).toBeUndefined();
  });

  it('ties the CSRF token to the browser and the client', () => {
    const { binding, id } = issueCookie(false);
    const token = binding.csrfToken(id, 'client-a');
    expect(binding.csrfTokenMatches(id, 'client-a', token)).toBe(true);
    expect(binding.csrfTokenMatches(id, 'client-b', token)).toBe(false);
    expect(binding.csrfTokenMatches('other-browser', 'client-a', token)).toBe(false);
  });
});
