import { describe, expect, it } from 'vitest';
import { newClientId, newOpaqueToken } from '../../../src/oauth/random-tokens.js';

describe('newOpaqueToken', () => {
  it('is 256 bits of the random source in base64url: 43 characters', () => {
    const token = newOpaqueToken((size) => new Uint8Array(size).fill(0xff));
    expect(token).toBe(`${'_'.repeat(42)}8`);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('asks the random source for exactly 32 bytes', () => {
    const sizes: number[] = [];
    newOpaqueToken((size) => {
      sizes.push(size);
      return new Uint8Array(size);
    });
    expect(sizes).toEqual([32]);
  });

  it('differs on every call with the default CSPRNG', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newOpaqueToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('newClientId', () => {
  // 0xf8 is 111110 00...: the first base64url character is `-` (62).
  const dashFirst = (size: number) => new Uint8Array(size).fill(0xf8);

  it('never starts with `-`, which a command line would read as an option', () => {
    expect(newOpaqueToken(dashFirst)).toMatch(/^-/);
    const clientId = newClientId(dashFirst);
    expect(clientId).toBe(`_${newOpaqueToken(dashFirst).slice(1)}`);
    expect(clientId).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
  });

  it('is the opaque token itself otherwise', () => {
    const ones = (size: number) => new Uint8Array(size).fill(0xff);
    expect(newClientId(ones)).toBe(newOpaqueToken(ones));
  });
});
