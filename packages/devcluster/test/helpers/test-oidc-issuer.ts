import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export interface TestIssuer {
  url: string;
  /** Signs an ID token with the issuer's published key (or `untrustedKey` to forge one). */
  idToken(
    claims: JWTPayload,
    options?: { expiresInSeconds?: number; audience?: string; untrustedKey?: boolean },
  ): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A minimal OpenID issuer: discovery document, JWKS and a signer. The simulator's own tests
 * need tokens that no real provider would mint on request (expired, forged, wrong
 * audience), so these tests sign them here; the end-to-end login flow uses oidc-provider.
 */
export async function startTestIssuer(clientId: string): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let url = '';
  const server: Server = createServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(
        JSON.stringify({
          issuer: url,
          jwks_uri: `${url}/jwks`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (request.url === '/jwks') response.end(JSON.stringify({ keys: [jwk] }));
    else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async idToken(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(url)
        .setAudience(options.audience ?? clientId)
        .setIssuedAt(now - 60)
        .setExpirationTime(now + (options.expiresInSeconds ?? 600))
        .sign(options.untrustedKey ? forger.privateKey : privateKey);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
