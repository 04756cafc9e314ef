import { buildKubeconfig } from '../../src/kubeconfig.js';
import { type DevCluster, type DevClusterOptions, startDevCluster } from '../../src/start.js';
import { startTestIssuer, type TestIssuer } from './test-oidc-issuer.js';

export const OIDC_CLIENT_ID = 'kubernetes';

export interface ClusterWithUsers {
  devcluster: DevCluster;
  issuer: TestIssuer;
  /** OIDC ID tokens of the seed's demo users (username claim: email). */
  tokens: { alice: string; bob: string; mallory: string };
  kubeconfigFor(token: string): string;
  stop(): Promise<void>;
}

/** A simulator configured as an OIDC cluster, with ID tokens for alice, bob and an unbound mallory. */
export async function startClusterWithUsers(options: DevClusterOptions = {}): Promise<ClusterWithUsers> {
  const issuer = await startTestIssuer(OIDC_CLIENT_ID);
  const devcluster = await startDevCluster({
    ...options,
    oidc: {
      issuerUrl: issuer.url,
      clientId: OIDC_CLIENT_ID,
      usernameClaim: 'email',
      signingAlgs: ['RS256'],
      groupsClaim: 'groups',
    },
  });
  const token = (name: string) =>
    issuer.idToken({ sub: `${name}-id`, email: `${name}@example.com`, email_verified: true });
  return {
    devcluster,
    issuer,
    tokens: { alice: await token('alice'), bob: await token('bob'), mallory: await token('mallory') },
    kubeconfigFor: (userToken) =>
      buildKubeconfig({
        server: devcluster.url,
        token: userToken,
        ...(devcluster.caCert ? { caCert: devcluster.caCert } : {}),
      }),
    async stop() {
      await devcluster.stop();
      await issuer.stop();
    },
  };
}
