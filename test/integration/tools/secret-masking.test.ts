import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startToolCluster, type ToolCluster } from './tool-harness.js';

// The seed's secret team-a/api-credentials holds username demo-api and password not-a-real-password.
const VALUES = ['not-a-real-password', 'demo-api'];
const ENCODED = VALUES.map((value) => Buffer.from(value).toString('base64'));
const SECRET = { resourceType: 'secrets', namespace: 'team-a' };

function expectNoSecretValue(text: string): void {
  for (const value of [...VALUES, ...ENCODED]) expect(text).not.toContain(value);
}

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

describe('secret values', () => {
  it.each(['table', 'slim', 'json', 'yaml'])('are masked by kubernetes_list output %s', async (output) => {
    const text = ok(await cluster.call('kubernetes_list', { ...SECRET, output }));
    expect(text).toContain('api-credentials');
    expectNoSecretValue(text);
    if (output !== 'table') expect(text).toMatch(/password.*<redacted: 19 bytes>/);
  });

  it.each(['slim', 'normal', 'full', 'yaml'])('are masked by kubernetes_get output %s', async (output) => {
    const text = ok(await cluster.call('kubernetes_get', { ...SECRET, name: 'api-credentials', output }));
    expectNoSecretValue(text);
    expect(text).toMatch(/username.*<redacted: 8 bytes>/);
  });

  it('are masked by kubernetes_describe', async () => {
    expectNoSecretValue(
      ok(await cluster.call('kubernetes_describe', { ...SECRET, name: 'api-credentials' })),
    );
  });

  it('are masked in apply and patch results, even in the last-applied annotation', async () => {
    const lastApplied = { apiVersion: 'v1', kind: 'Secret', stringData: { token: VALUES[0] } };
    const manifest = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: applied',
      '  annotations:',
      `    kubectl.kubernetes.io/last-applied-configuration: '${JSON.stringify(lastApplied)}'`,
      'stringData:',
      `  token: ${VALUES[0]}`,
    ].join('\n');
    expectNoSecretValue(ok(await cluster.call('kubernetes_apply', { manifest, namespace: 'team-a' }, {})));
    const patched = ok(
      await cluster.call('kubernetes_patch', {
        ...SECRET,
        name: 'applied',
        patchType: 'merge',
        patch: { metadata: { labels: { seen: 'yes' } } },
      }),
    );
    expect(patched).toMatch(/seen: "?yes"?/);
    expectNoSecretValue(patched);
    for (const output of ['normal', 'full', 'yaml']) {
      expectNoSecretValue(ok(await cluster.call('kubernetes_get', { ...SECRET, name: 'applied', output })));
    }
  });
});
