// Bound service account tokens, as kube-apiserver's TokenRequest API issues them
// (`kubectl create token <sa>`) and its service account authenticator accepts them: RS256 JWTs of
// the cluster's issuer, for the audiences asked (the API server's own by default), good for an
// hour unless asked otherwise (ten minutes at least). A token authenticates
// while its service account exists with the same uid, as system:serviceaccount:<ns>:<name>.
import { randomUUID } from 'node:crypto';
import { type CryptoKey, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { SERVICE_ACCOUNTS } from '../api/group-resources.js';
import { invalid } from '../api/status.js';
import type { SimulatedCluster } from '../cluster.js';
import { apiTime } from '../seed/timestamps.js';
import type { KubeObject, UserInfo } from '../types.js';
import type { TokenAuthenticator } from './request-authentication.js';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
}

interface ServiceAccountClaims extends JWTPayload {
  'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string; uid?: string } };
}

function checkedSpec(name: string, spec: TokenRequestSpec): Required<TokenRequestSpec> {
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < MIN_EXPIRATION_SECONDS) {
    throw invalid('TokenRequest', 'authentication.k8s.io', name, [
      {
        field: 'spec.expirationSeconds',
        message: `Invalid value: ${JSON.stringify(spec.expirationSeconds)}: may not specify a duration less than 10 minutes`,
        reason: 'FieldValueInvalid',
      },
    ]);
  }
  const audiences = spec.audiences?.length ? spec.audiences : [SERVICE_ACCOUNT_ISSUER];
  return { audiences, expirationSeconds };
}

export class ServiceAccountTokens {
  // Made at the first token request: an RSA key costs tens of milliseconds that most runs never need.
  private keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> | undefined;

  /** `now` is the cluster's clock: tokens are issued and checked by the same time. */
  constructor(
    private readonly cluster: SimulatedCluster,
    private readonly now: () => Date,
  ) {}

  private keyPair() {
    this.keys ??= generateKeyPair('RS256');
    return this.keys;
  }

  /** The TokenRequest answer for `serviceAccount`, from the request's body. */
  async issue(serviceAccount: KubeObject, body: { spec?: unknown }): Promise<KubeObject> {
    const now = this.now();
    const name = serviceAccount.metadata.name ?? '';
    const namespace = serviceAccount.metadata.namespace ?? '';
    const spec = checkedSpec(name, (body.spec as TokenRequestSpec | undefined) ?? {});
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expires = issuedAt + spec.expirationSeconds;
    const token = await new SignJWT({
      'kubernetes.io': { namespace, serviceaccount: { name, uid: serviceAccount.metadata.uid } },
    })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(SERVICE_ACCOUNT_ISSUER)
      .setSubject(`system:serviceaccount:${namespace}:${name}`)
      .setAudience(spec.audiences)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(expires)
      .setJti(randomUUID())
      .sign((await this.keyPair()).privateKey);
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: apiTime(now) },
      spec: { ...spec, boundObjectRef: null },
      status: { token, expirationTimestamp: apiTime(new Date(expires * 1000)) },
    };
  }

  /** Accepts the tokens `issue` made for the API server's audience, while their service account lives. */
  readonly authenticate: TokenAuthenticator = async (token) => {
    if (!this.keys || token.split('.').length !== 3) return undefined;
    let claims: ServiceAccountClaims;
    try {
      ({ payload: claims } = await jwtVerify<ServiceAccountClaims>(token, (await this.keys).publicKey, {
        issuer: SERVICE_ACCOUNT_ISSUER,
        audience: SERVICE_ACCOUNT_ISSUER,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
        currentDate: this.now(),
      }));
    } catch {
      return undefined;
    }
    const bound = claims['kubernetes.io'];
    const namespace = bound?.namespace ?? '';
    const serviceAccount = this.cluster.store.get(
      SERVICE_ACCOUNTS,
      namespace,
      bound?.serviceaccount?.name ?? '',
    );
    // A deleted (or deleted and re-made) service account ends its tokens.
    if (!serviceAccount || serviceAccount.metadata.uid !== bound?.serviceaccount?.uid) return undefined;
    const user: UserInfo = {
      username: claims.sub ?? '',
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
    };
    if (serviceAccount.metadata.uid) user.uid = serviceAccount.metadata.uid;
    return user;
  };
}
