import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, type JWK, jwtVerify } from 'jose';
import { secretsEqual } from './constant-time.js';
import { DPOP_SIGNING_ALGORITHMS } from './dpop-algorithms.js';
import { InvalidDpopProof } from './errors.js';

/** How old a proof may be (its `iat`), and how far ahead of our clock: RFC 9449 §11.1 wants it short. */
export const PROOF_MAX_AGE_MS = 300_000;
const PROOF_MAX_FUTURE_MS = 60_000;
/** A proof is a few hundred bytes; anything far larger is not worth parsing. */
const MAX_PROOF_LENGTH = 8192;
const MAX_JTI_LENGTH = 256;

export interface ProofExpectations {
  /** The request's method and URL (without query and fragment), which `htm` and `htu` must name. */
  readonly method: string;
  readonly url: string;
  /** The access token the request presents: `ath` must be its hash (RFC 9449 §4.2). */
  readonly accessToken?: string;
  readonly now: number;
}

export interface CheckedProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key: what `cnf.jkt` binds tokens to. */
  readonly jkt: string;
  readonly jti: string;
  /** The proof's `nonce` claim, which the caller checks when it requires one. */
  readonly nonce?: string;
}

/**
 * Checks a DPoP proof (RFC 9449 §4.3) but for its nonce and replay: one compact JWS, `typ` dpop+jwt, an
 * accepted asymmetric `alg`, a public `jwk` whose key verifies the signature, a `jti`, `htm` and `htu`
 * naming this request, a fresh `iat`, and `ath` when an access token is presented. Throws
 * InvalidDpopProof saying what is wrong; never echoes the proof.
 */
export async function checkDpopProof(proof: string, expected: ProofExpectations): Promise<CheckedProof> {
  if (proof.length > MAX_PROOF_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(proof)) {
    throw new InvalidDpopProof('the DPoP header must hold exactly one proof, a compact JWS');
  }
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: DPOP_SIGNING_ALGORITHMS,
    currentDate: new Date(expected.now),
  }).catch(() => {
    throw new InvalidDpopProof(
      `the DPoP proof must be a dpop+jwt signed (${DPOP_SIGNING_ALGORITHMS.join(', ')}) by its public jwk`,
    );
  });
  const { jti, htm, htu, iat, ath, nonce } = payload as Record<string, unknown>;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new InvalidDpopProof('the DPoP proof needs a jti');
  }
  if (htm !== expected.method) throw new InvalidDpopProof(`the DPoP proof's htm must be ${expected.method}`);
  if (typeof htu !== 'string' || withoutQuery(htu) !== withoutQuery(expected.url)) {
    throw new InvalidDpopProof(`the DPoP proof's htu must be ${expected.url}`);
  }
  const issuedAt = typeof iat === 'number' ? iat * 1000 : Number.NaN;
  if (!(issuedAt > expected.now - PROOF_MAX_AGE_MS && issuedAt < expected.now + PROOF_MAX_FUTURE_MS)) {
    throw new InvalidDpopProof('the DPoP proof is too old or from the future (iat)');
  }
  if (expected.accessToken !== undefined) {
    const hash = createHash('sha256').update(expected.accessToken).digest('base64url');
    if (typeof ath !== 'string' || !secretsEqual(ath, hash)) {
      throw new InvalidDpopProof("the DPoP proof's ath must be the hash of the access token");
    }
  }
  const jkt = await calculateJwkThumbprint(protectedHeader.jwk as JWK, 'sha256');
  return { jkt, jti, ...(typeof nonce === 'string' ? { nonce } : {}) };
}

/** RFC 9449 §4.3: htu is compared without its query and fragment, as a normalized URL. */
function withoutQuery(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
