import { createHash, randomUUID } from 'node:crypto';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export interface ProofOptions {
  readonly accessToken?: string;
  readonly nonce?: string;
  readonly jti?: string;
  /** Seconds since the epoch; default now. */
  readonly iat?: number;
}

/** A client's DPoP key pair, which signs proofs as RFC 9449 §4.2 describes them. */
export class DpopKey {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly jwk: JWK,
  ) {}

  static async generate(): Promise<DpopKey> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return new DpopKey(privateKey, await exportJWK(publicKey));
  }

  /** The key's RFC 7638 SHA-256 thumbprint, as `dpop_jkt` and `cnf.jkt` carry it. */
  thumbprint(): Promise<string> {
    return calculateJwkThumbprint(this.jwk, 'sha256');
  }

  proof(method: string, url: string, options: ProofOptions = {}): Promise<string> {
    return new SignJWT({
      jti: options.jti ?? randomUUID(),
      htm: method,
      htu: url,
      ...(options.accessToken
        ? { ath: createHash('sha256').update(options.accessToken).digest('base64url') }
        : {}),
      ...(options.nonce ? { nonce: options.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: this.jwk })
      .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
      .sign(this.privateKey);
  }
}

/**
 * A token request with a DPoP proof, as a client does it: the first proof carries no nonce, the answer
 * is `use_dpop_nonce` with the `DPoP-Nonce` to use, and the request is sent again with it.
 */
export async function withDpopNonce(send: (nonce?: string) => Promise<Response>): Promise<Response> {
  const first = await send();
  const nonce = first.headers.get('dpop-nonce');
  if (first.status !== 400 || !nonce) throw new Error(`expected use_dpop_nonce, got ${first.status}`);
  return send(nonce);
}

const PING = { jsonrpc: '2.0', id: 1, method: 'ping' };

/** A request to an MCP endpoint presenting `token` with `scheme`, and a proof when given. */
export function callMcpWith(
  url: string,
  scheme: string,
  token: string,
  proof?: string,
  body: object = PING,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `${scheme} ${token}`,
      ...(proof ? { dpop: proof } : {}),
    },
    body: JSON.stringify(body),
  });
}
