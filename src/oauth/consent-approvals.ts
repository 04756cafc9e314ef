import { type RecordVault, type SealedCollection, secretKey } from '../storage/index.js';

interface Approval {
  readonly clientId: string;
  readonly approvedAt: number;
}

/**
 * The clients a browser approved on the consent page, so the person is asked once per client. Keyed by
 * the hash of browser id and client id: the store learns neither.
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

  async isApproved(browserId: string, clientId: string): Promise<boolean> {
    return (await this.approvals.get(approvalKey(browserId, clientId))) !== undefined;
  }

  async remember(browserId: string, clientId: string): Promise<void> {
    const approval = { clientId, approvedAt: this.now() };
    await this.approvals.put(approvalKey(browserId, clientId), approval, this.lifetimeMs);
  }
}

function approvalKey(browserId: string, clientId: string): string {
  return secretKey(JSON.stringify([browserId, clientId]));
}
