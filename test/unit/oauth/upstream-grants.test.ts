import { describe, expect, it, vi } from 'vitest';
import { InvalidGrant, TemporarilyUnavailable } from '../../../src/oauth/errors.js';
import { type UpstreamGrant, UpstreamGrants } from '../../../src/oauth/upstream-grants.js';
import { MemoryStore } from '../../../src/storage/memory/index.js';
import { RecordVault } from '../../../src/storage/record-vault.js';
import { oauthFixture } from './oauth-fixture.js';

const HOUR_MS = 3_600_000;
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function grantNearExpiry(options: Parameters<typeof oauthFixture>[0] = {}) {
  const oauth = oauthFixture(options);
  const { client } = await oauth.registerClient();
  const { grant } = await oauth.loginAndIssueCode(client, oauth.clock.now() + 10_000);
  return { oauth, grant };
}

describe('UpstreamGrants', () => {
  it('stores the upstream tokens and identity encrypted', async () => {
    const { oauth, grant } = await grantNearExpiry();
    const raw = await oauth.store.get('grant', grant.grantId);
    for (const secret of ['upstream-access', 'upstream-refresh', 'upstream-id', 'alice@example.com']) {
      expect(raw?.value).not.toContain(secret);
    }
    expect((await oauth.grants.get(grant.grantId))?.identity.email).toBe('alice@example.com');
  });

  it('lives for the login lifetime', async () => {
    const { oauth, grant } = await grantNearExpiry();
    expect(grant.expiresAt - grant.createdAt).toBe(90 * 86_400_000);
    oauth.clock.advance(90 * 86_400_000);
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('does not refresh upstream tokens that are not near expiry', async () => {
    const oauth = oauthFixture();
    const { client } = await oauth.registerClient();
    const { grant } = await oauth.loginAndIssueCode(client, oauth.clock.now() + HOUR_MS);
    const refresher = vi.fn();
    await expect(oauth.grants.refreshUpstreamOnce(grant.grantId, refresher)).resolves.toEqual(grant);
    expect(refresher).not.toHaveBeenCalled();
  });

  it('refreshes once for 10 concurrent callers and gives all of them the result', async () => {
    const { oauth, grant } = await grantNearExpiry();
    const refresher = vi.fn(async () => {
      await later(20);
      return { accessToken: 'fresh', idToken: 'fresh-id', expiresAt: oauth.clock.now() + HOUR_MS };
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => oauth.grants.refreshUpstreamOnce(grant.grantId, refresher)),
    );
    expect(refresher).toHaveBeenCalledTimes(1);
    for (const result of results) expect(result.upstream.accessToken).toBe('fresh');
  });

  it('refreshes once when two replicas (two instances on one store) need it at the same moment', async () => {
    const { oauth, grant } = await grantNearExpiry({ grants: { refreshPollMs: 5 } });
    const otherReplica = new UpstreamGrants(oauth.vault, { now: oauth.clock.now, refreshPollMs: 5 });
    const refresher = vi.fn(async () => {
      await later(30);
      return { accessToken: 'fresh', expiresAt: oauth.clock.now() + HOUR_MS };
    });
    const [a, b] = await Promise.all([
      oauth.grants.refreshUpstreamOnce(grant.grantId, refresher),
      otherReplica.refreshUpstreamOnce(grant.grantId, refresher),
    ]);
    expect(refresher).toHaveBeenCalledTimes(1);
    expect(a.upstream.accessToken).toBe('fresh');
    expect(b.upstream.accessToken).toBe('fresh');
  });

  it("refreshes once across replicas even when the provider's tokens live shorter than the margin", async () => {
    const { oauth, grant } = await grantNearExpiry({ grants: { refreshPollMs: 5 } });
    const otherReplica = new UpstreamGrants(oauth.vault, { now: oauth.clock.now, refreshPollMs: 5 });
    // 30 s tokens are "due" (within the 60 s margin) the moment they arrive.
    const refresher = vi.fn(async () => {
      await later(30);
      return { accessToken: `fresh-${refresher.mock.calls.length}`, expiresAt: oauth.clock.now() + 30_000 };
    });
    const [a, b] = await Promise.all([
      oauth.grants.refreshUpstreamOnce(grant.grantId, refresher),
      otherReplica.refreshUpstreamOnce(grant.grantId, refresher),
    ]);
    expect(refresher).toHaveBeenCalledTimes(1);
    expect([a.upstream.accessToken, b.upstream.accessToken]).toEqual(['fresh-1', 'fresh-1']);
  });

  it('keeps the upstream refresh token when the provider sends none, but never a stale ID token', async () => {
    const { oauth, grant } = await grantNearExpiry();
    const refreshed = await oauth.grants.refreshUpstreamOnce(grant.grantId, async () => ({
      accessToken: 'fresh',
      expiresAt: oauth.clock.now() + HOUR_MS,
    }));
    expect(refreshed.upstream).toEqual({
      accessToken: 'fresh',
      refreshToken: 'upstream-refresh',
      expiresAt: oauth.clock.now() + HOUR_MS,
    });
    expect((await oauth.grants.get(grant.grantId))?.upstream.idToken).toBeUndefined();
  });

  it('gives the refresher the current grant', async () => {
    const { oauth, grant } = await grantNearExpiry();
    const refresher = vi.fn(async (current: UpstreamGrant) => ({
      accessToken: `${current.upstream.refreshToken}!`,
    }));
    const refreshed = await oauth.grants.refreshUpstreamOnce(grant.grantId, refresher);
    expect(refresher).toHaveBeenCalledWith(grant);
    expect(refreshed.upstream.accessToken).toBe('upstream-refresh!');
  });

  it('revokes the grant when the provider refuses the refresh for good', async () => {
    const { oauth, grant } = await grantNearExpiry();
    const refusal = oauth.grants.refreshUpstreamOnce(grant.grantId, async () => {
      throw new InvalidGrant('upstream said invalid_grant');
    });
    await expect(refusal).rejects.toThrow('upstream said invalid_grant');
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('keeps the grant when the refresh fails for a while, and frees the lock', async () => {
    const { oauth, grant } = await grantNearExpiry();
    await expect(
      oauth.grants.refreshUpstreamOnce(grant.grantId, async () => {
        throw new Error('timeout');
      }),
    ).rejects.toThrow('timeout');
    expect(await oauth.grants.get(grant.grantId)).toBeDefined();
    const refreshed = await oauth.grants.refreshUpstreamOnce(grant.grantId, async () => ({
      accessToken: 'ok',
    }));
    expect(refreshed.upstream.accessToken).toBe('ok');
  });

  it('asks for a new login when the upstream login has no refresh token', async () => {
    const oauth = oauthFixture();
    const grant = await oauth.grants.create({
      clientId: 'c',
      identity: { subject: 's', groups: [] },
      scopes: [],
      upstream: { accessToken: 'a', expiresAt: oauth.clock.now() },
    });
    await expect(oauth.grants.refreshUpstreamOnce(grant.grantId, vi.fn())).rejects.toThrow(InvalidGrant);
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('does not resurrect a grant revoked while its upstream refresh was running', async () => {
    const { oauth, grant } = await grantNearExpiry();
    const refreshed = oauth.grants.refreshUpstreamOnce(grant.grantId, async () => {
      await oauth.grants.revoke(grant.grantId);
      return { accessToken: 'fresh' };
    });
    await expect(refreshed).rejects.toThrow(InvalidGrant);
    expect(await oauth.grants.get(grant.grantId)).toBeUndefined();
  });

  it('refuses to refresh a revoked grant', async () => {
    const { oauth, grant } = await grantNearExpiry();
    await oauth.grants.revoke(grant.grantId);
    await expect(oauth.grants.refreshUpstreamOnce(grant.grantId, vi.fn())).rejects.toThrow(InvalidGrant);
  });

  it('gives up with temporarily_unavailable when another holder keeps the lock too long', async () => {
    const store = new MemoryStore();
    const vault = new RecordVault(store);
    const grants = new UpstreamGrants(vault, { refreshLockMs: 40, refreshPollMs: 10 });
    const grant = await grants.create({
      clientId: 'c',
      identity: { subject: 's', groups: [] },
      scopes: [],
      upstream: { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() },
    });
    await store.tryLock(`upstream-refresh:${grant.grantId}`, HOUR_MS);
    await expect(grants.refreshUpstreamOnce(grant.grantId, vi.fn())).rejects.toThrow(TemporarilyUnavailable);
    await store.close();
  });
});
