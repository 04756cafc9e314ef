import { describe, expect, it } from 'vitest';
import {
  maskManifestSecrets,
  maskSensitiveValues,
  redactSensitiveText,
} from '../../../../src/tools/helm/sensitive-values.js';

// Values and manifests of a release are shown with credentials redacted, at any depth.

describe('sensitive values of a release', () => {
  it('redacts scalars under credential-like keys, keeping references and ordinary values', () => {
    expect(
      maskSensitiveValues({
        replicaCount: 3,
        db: { password: 'hunter2', host: 'db' },
        auth: { apiKey: 'abc123', existingSecret: 'db-creds', tokens: ['t1', 't22'] },
        secretName: 'tls-cert',
      }),
    ).toEqual({
      replicaCount: 3,
      db: { password: '<redacted: 7 bytes>', host: 'db' },
      auth: {
        apiKey: '<redacted: 6 bytes>',
        existingSecret: 'db-creds',
        tokens: ['<redacted: 2 bytes>', '<redacted: 3 bytes>'],
      },
      secretName: 'tls-cert',
    });
  });

  it("redacts a manifest's Secrets and keeps every other document as rendered", () => {
    const manifest =
      '---\n# Source: app/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n' +
      'stringData:\n  password: hunter2\n---\n# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n' +
      'metadata:\n  name: settings\n';
    const masked = maskManifestSecrets(manifest);
    expect(masked).not.toContain('hunter2');
    expect(masked).toContain('# Source: app/templates/secret.yaml\napiVersion: v1\nkind: Secret');
    expect(masked).toContain('password: "<redacted: 7 bytes>"');
    expect(masked).toContain(
      '---\n# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
    );
  });

  it("masks the keys a Secret's data merges in (`<<: *anchor`) as its own", () => {
    const masked = maskManifestSecrets(
      '---\nkind: Secret\nmetadata:\n  name: creds\n  annotations: &shared\n    password: hunter2\n' +
        'stringData:\n  <<: *shared\n  user: admin\n',
    );
    expect(masked).toContain('stringData:\n  password: "<redacted: 7 bytes>"\n  user: "<redacted: 5 bytes>"');
  });

  it('drops an unreadable Secret document whole', () => {
    const masked = maskManifestSecrets('---\nkind: Secret\ndata: {password: "hunter2"\n');
    expect(masked).not.toContain('hunter2');
    expect(masked).toMatch(/unreadable Secret: <redacted: \d+ bytes>/);
  });

  it('cuts credential values out of text rendered from them (notes, manifests)', () => {
    expect(
      redactSensitiveText('Log in with s3cr3t-pass as admin', { admin: { password: 's3cr3t-pass' } }),
    ).toBe('Log in with <redacted: 11 bytes> as admin');
  });
});
