import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DpopNonces } from '../../../src/oauth/dpop-nonces.js';

const WINDOW_MS = 120_000;

describe('DpopNonces', () => {
  it('accepts its nonce in its window and the next, and refuses it after', () => {
    let now = 10 * WINDOW_MS;
    const nonces = new DpopNonces(randomBytes(32), () => now);
    const nonce = nonces.current();
    expect(nonces.isValid(nonce)).toBe(true);
    now += WINDOW_MS;
    expect(nonces.isValid(nonce)).toBe(true);
    now += WINDOW_MS;
    expect(nonces.isValid(nonce)).toBe(false);
  });

  it("accepts another instance's nonce only when it shares the key", () => {
    const key = randomBytes(32);
    const now = () => 5 * WINDOW_MS;
    const nonce = new DpopNonces(key, now).current();
    expect(new DpopNonces(Buffer.from(key), now).isValid(nonce)).toBe(true);
    expect(new DpopNonces(randomBytes(32), now).isValid(nonce)).toBe(false);
  });

  it('refuses a missing, tampered or made-up nonce', () => {
    const nonces = new DpopNonces(randomBytes(32), () => 7 * WINDOW_MS);
    const nonce = nonces.current();
    expect(nonces.isValid(undefined)).toBe(false);
    expect(nonces.isValid(`${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(nonces.isValid('7.made-up')).toBe(false);
  });
});
