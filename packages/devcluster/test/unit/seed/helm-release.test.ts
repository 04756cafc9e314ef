import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultSeed } from '../../../src/seed/default-seed.js';
import type { KubeObject } from '../../../src/types.js';

const NOW = new Date('2024-05-01T10:00:00Z');

/** Reads a release secret as Helm's secrets driver does: base64 data, base64 text, gzip, JSON. */
function decodeRelease(secret: KubeObject): Record<string, unknown> {
  const text = Buffer.from((secret.data as { release: string }).release, 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(text, 'base64')).toString('utf8'));
}

const releaseSecrets = () =>
  defaultSeed(NOW).filter((object) => object.kind === 'Secret' && object.metadata.labels?.owner === 'helm');

describe("the seed's Helm release", () => {
  it('is stored as two helm.sh/release.v1 secrets labelled as Helm labels them', () => {
    expect(
      releaseSecrets().map(({ metadata, type }) => [
        metadata.namespace,
        metadata.name,
        type,
        metadata.labels,
      ]),
    ).toEqual([
      [
        'team-a',
        'sh.helm.release.v1.web.v1',
        'helm.sh/release.v1',
        expect.objectContaining({ name: 'web', owner: 'helm', status: 'superseded', version: '1' }),
      ],
      [
        'team-a',
        'sh.helm.release.v1.web.v2',
        'helm.sh/release.v1',
        expect.objectContaining({ name: 'web', owner: 'helm', status: 'deployed', version: '2' }),
      ],
    ]);
  });

  it('holds the release JSON: info, chart, user values and the rendered manifest', () => {
    const [first = {}, second = {}] = releaseSecrets().map(decodeRelease);
    expect(first).toMatchObject({
      name: 'web',
      namespace: 'team-a',
      version: 1,
      info: { status: 'superseded', description: 'Install complete' },
      chart: { metadata: { name: 'web', version: '0.3.0', appVersion: '1.27' }, values: { replicaCount: 2 } },
    });
    expect(first).not.toHaveProperty('config');
    expect(second).toMatchObject({ version: 2, info: { status: 'deployed' }, config: { replicaCount: 3 } });
    const manifest = String(second.manifest);
    expect(manifest).toContain('---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\n');
    expect(manifest).toContain('  replicas: 3\n');
    expect(manifest).toContain('image: "nginx:1.27"');
    const templates = (second.chart as { templates: { name: string; data: string }[] }).templates;
    const deployment = templates.find(({ name }) => name === 'templates/deployment.yaml');
    expect(Buffer.from(deployment?.data ?? '', 'base64').toString()).toContain(
      'replicas: {{ .Values.replicaCount }}',
    );
  });
});
