import { createHmac } from 'node:crypto';
import { secretsEqual } from './constant-time.js';

/** A nonce is good for the window it was made in and the next: between one and two windows. */
const WINDOW_MS = 120_000;

/**
 * Server-provided DPoP nonces (RFC 9449 §8) without storage: a nonce is a time window and its HMAC, so
 * every replica that shares the key accepts every other's nonces (the key derives from the encryption
 * key; without one it is per process, and a replica refuses another's nonce with a fresh one).
 */
export class DpopNonces {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number,
  ) {}

  /** The nonce to hand out now (`DPoP-Nonce`). */
  current(): string {
    return this.nonceOf(Math.floor(this.now() / WINDOW_MS));
  }

  /** Whether `nonce` is one we made in this window or the previous one (compared in constant time). */
  isValid(nonce: string | undefined): boolean {
    if (nonce === undefined) return false;
    const window = Math.floor(this.now() / WINDOW_MS);
    // Both are compared, always, so that the time taken says nothing about which one matched.
    const matches = [window, window - 1].map((candidate) => secretsEqual(nonce, this.nonceOf(candidate)));
    return matches.includes(true);
  }

  private nonceOf(window: number): string {
    const mac = createHmac('sha256', this.key).update(`dpop-nonce:${window}`).digest('base64url');
    return `${window.toString(36)}.${mac.slice(0, 32)}`;
  }
}
