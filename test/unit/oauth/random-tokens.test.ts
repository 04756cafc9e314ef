import { describe, expect, it } from 'vitest';
import { newOpaqueToken } from '../../../src/oauth/random-tokens.js';

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
