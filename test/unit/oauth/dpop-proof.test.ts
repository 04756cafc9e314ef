import { randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkDpopProof } from '../../../src/oauth/dpop-proof.js';
import { InvalidDpopProof } from '../../../src/oauth/errors.js';

const URL_ = 'https://mcp.example.com/mcp';
const NOW = Date.now();
const claims = { jti: randomUUID(), htm: 'POST', htu: URL_ };
const expected = { method: 'POST', url: URL_, now: NOW };

async function signed(header: Record<string, unknown>, key: CryptoKey | Uint8Array, alg = 'ES256') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'dpop+jwt', ...header })
    .setIssuedAt(Math.floor(NOW / 1000))
    .sign(key);
}

describe('checkDpopProof', () => {
  it('accepts a proof of an ES256 key and gives its thumbprint, and ignores the query of htu', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const proof = await signed({ jwk: await exportJWK(publicKey) }, privateKey);
    const checked = await checkDpopProof(proof, { ...expected, url: `${URL_}?x=1` });
    expect(checked.jkt).toMatch(/^[\w-]{43}$/);
  });

  it('refuses a proof whose jwk is a private key', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const proof = await signed({ jwk: await exportJWK(privateKey) }, privateKey);
    await expect(checkDpopProof(proof, expected)).rejects.toBeInstanceOf(InvalidDpopProof);
  });

  it('refuses an HMAC-signed proof and a proof of another typ', async () => {
    const secret = new Uint8Array(32).fill(7);
    const hmac = await signed(
      { jwk: { kty: 'oct', k: Buffer.from(secret).toString('base64url') } },
      secret,
      'HS256',
    );
    await expect(checkDpopProof(hmac, expected)).rejects.toBeInstanceOf(InvalidDpopProof);
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', jwk: await exportJWK(publicKey) })
      .setIssuedAt()
      .sign(privateKey);
    await expect(checkDpopProof(jwt, expected)).rejects.toThrow('the DPoP proof must be a dpop+jwt');
  });
});
