import { secretsEqual } from './constant-time.js';
import type { DpopVerifier } from './dpop-verifier.js';
import { DpopRequired, InvalidDpopProof, InvalidToken } from './errors.js';

/** How a request to the resource server presented its access token. */
export interface TokenPresentation {
  readonly scheme: 'Bearer' | 'DPoP';
  /** The `DPoP` header, if the request had one. */
  readonly proof?: string;
  readonly method: string;
  /** The request's path as received (no query): with the base URL, what the proof's `htu` must name. */
  readonly path: string;
}

/**
 * RFC 9449 §7: a token bound to a DPoP key (`jkt`) is accepted only as `Authorization: DPoP` with a
 * fresh, unreplayed proof of that key for this request and this token; an unbound token only as Bearer.
 */
export async function requireProofOfPossession(
  token: string,
  boundJkt: string | undefined,
  presentation: TokenPresentation,
  server: { readonly dpop: DpopVerifier; readonly baseUrl: string },
): Promise<void> {
  if (boundJkt === undefined) {
    if (presentation.scheme === 'DPoP') {
      throw new InvalidToken('the access token is not bound to a DPoP key: send it with the Bearer scheme');
    }
    return;
  }
  if (presentation.scheme !== 'DPoP') {
    throw new DpopRequired(
      'the access token is bound to a DPoP key: send it with the DPoP scheme and a proof',
    );
  }
  if (presentation.proof === undefined)
    throw new InvalidDpopProof('a DPoP proof (the DPoP header) is required');
  const jkt = await server.dpop.verify({
    proof: presentation.proof,
    method: presentation.method,
    url: `${server.baseUrl}${presentation.path}`,
    accessToken: token,
    requireNonce: false,
  });
  if (!secretsEqual(jkt, boundJkt)) {
    throw new InvalidDpopProof('the DPoP proof is not signed by the key the access token is bound to');
  }
}
