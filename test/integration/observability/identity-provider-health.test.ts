import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcServer, startOidcServer } from './oidc-server-fixture.js';

// The identity provider is shared by every replica: when it is down, /readyz?verbose says so as
// degraded, but the replica stays ready (taking every replica out at once would help no one).

describe('the identity provider in readiness', () => {
  let oidc: OidcServer;
  let base: string;

  beforeAll(async () => {
    oidc = await startOidcServer();
    base = oidc.base;
  });
  // The test stops the provider itself.
  afterAll(() => oidc?.server.stop());

  it('reports the provider ok, then degraded once it is down, and stays ready', async () => {
    const verbose = async () => {
      const answer = await fetch(`${base}/readyz?verbose`);
      return { status: answer.status, body: await answer.text() };
    };
    expect((await verbose()).body).toContain('[+]identity-provider ok');
    await oidc.idp.stop();
    await expect
      .poll(async () => (await verbose()).body, { timeout: 20_000, interval: 500 })
      .toContain('[!]identity-provider degraded');
    expect((await verbose()).status).toBe(200);
  }, 30_000);
});
