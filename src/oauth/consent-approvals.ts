import { type RecordVault, type SealedCollection, secretKey } from '../storage/index.js';
import { DEFAULT_KUBERNETES_SCOPES, isKubernetesScope } from './kubernetes-scopes.js';

interface Approval {
  readonly clientId: string;
  readonly approvedAt: number;
  /** The Kubernetes scopes the person let through; absent in approvals made before scopes existed. */
  readonly kubernetesScopes?: readonly string[];
}

/**
 * The clients a browser approved on the consent page, and the Kubernetes scopes it let through, so the
 * person is asked once per client, and again when the client asks for more (step-up). Keyed by the
 * hash of browser id and client id: the store learns neither.
 */
export class ConsentApprovals {
  private readonly approvals: SealedCollection<Approval>;

  constructor(
    vault: RecordVault,
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.approvals = vault.collection<Approval>('consent-approval');
  }

  /** Whether this browser approved this client for every Kubernetes scope among `scopes`. */
  async isApproved(browserId: string, clientId: string, scopes: readonly string[]): Promise<boolean> {
    const approval = await this.approvals.get(approvalKey(browserId, clientId));
    if (!approval) return false;
    // An approval from before scopes existed let through what tokens could do then.
    const approved = approval.value.kubernetesScopes ?? DEFAULT_KUBERNETES_SCOPES;
    return scopes.filter(isKubernetesScope).every((scope) => approved.includes(scope));
  }

  async remember(browserId: string, clientId: string, scopes: readonly string[]): Promise<void> {
    const approval = {
      clientId,
      approvedAt: this.now(),
      kubernetesScopes: scopes.filter(isKubernetesScope),
    };
    await this.approvals.put(approvalKey(browserId, clientId), approval, this.lifetimeMs);
  }
}

function approvalKey(browserId: string, clientId: string): string {
  return secretKey(JSON.stringify([browserId, clientId]));
}
