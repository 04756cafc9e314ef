import { type ReplayCache, secretKey } from '../storage/index.js';
import type { DpopNonces } from './dpop-nonces.js';
import { checkDpopProof, PROOF_MAX_AGE_MS } from './dpop-proof.js';
import { InvalidDpopProof, UseDpopNonce } from './errors.js';

/** A proof is remembered while its `iat` could still be accepted (future skew included). */
const REPLAY_WINDOW_MS = PROOF_MAX_AGE_MS + 60_000;

export interface DpopPresentation {
  /** The `DPoP` header as received (several headers arrive joined by commas, and are refused). */
  readonly proof: string;
  readonly method: string;
  readonly url: string;
  readonly accessToken?: string;
  /** The token endpoint requires a nonce of ours in every proof (RFC 9449 §8). */
  readonly requireNonce: boolean;
}

/**
 * The whole check of a DPoP proof: the proof itself, our nonce where required (else `use_dpop_nonce`
 * with a fresh one), and its `jti` seen for the first time on any replica (the replay cache lives in
 * the token store). Returns the key thumbprint the proof proves possession of.
 */
export class DpopVerifier {
  constructor(
    private readonly nonces: DpopNonces,
    private readonly replays: ReplayCache,
    private readonly now: () => number,
  ) {}

  async verify(presentation: DpopPresentation): Promise<string> {
    const { jkt, jti, nonce } = await checkDpopProof(presentation.proof, {
      method: presentation.method,
      url: presentation.url,
      ...(presentation.accessToken === undefined ? {} : { accessToken: presentation.accessToken }),
      now: this.now(),
    });
    if (presentation.requireNonce && !this.nonces.isValid(nonce)) {
      throw new UseDpopNonce(
        'the DPoP proof must carry the nonce of the DPoP-Nonce header',
        this.nonces.current(),
      );
    }
    // Hashed: the key stays short whatever the client chose as jti, and names the key with it.
    if (!(await this.replays.firstUse(secretKey(`${jkt}:${jti}`), REPLAY_WINDOW_MS))) {
      throw new InvalidDpopProof('the DPoP proof was already used (its jti was seen before)');
    }
    return jkt;
  }
}
