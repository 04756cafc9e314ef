import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeRelease,
  decodeSecretData,
  encodeRelease,
  encodeSecretData,
  type HelmRelease,
  MAX_RELEASE_BYTES,
} from '../../../../src/tools/helm/release-codec.js';

// Helm's release encoding, both ways, and what a forged record meets: checked text, a capped
// decompression, and errors that never quote the stored bytes.

const RELEASE: HelmRelease = {
  name: 'web',
  namespace: 'team-a',
  version: 2,
  info: { status: 'deployed', description: 'Upgrade complete' },
  manifest: '---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n',
  apply_method: 'ssa',
};

describe('the release codec', () => {
  it('round-trips a release, keeping fields it does not know (Helm 4 apply_method)', () => {
    expect(decodeRelease(encodeRelease(RELEASE))).toEqual(RELEASE);
    expect(decodeSecretData(encodeSecretData(RELEASE))).toEqual(RELEASE);
  });

  it('writes what Helm writes: base64 of gzip of the JSON', () => {
    const bytes = Buffer.from(encodeRelease(RELEASE), 'base64');
    expect(JSON.parse(gunzipSync(bytes).toString())).toEqual(RELEASE);
  });

  it('reads the uncompressed JSON old Helm versions stored', () => {
    expect(decodeRelease(Buffer.from(JSON.stringify(RELEASE)).toString('base64'))).toEqual(RELEASE);
  });

  it('stops decompressing at the cap', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_RELEASE_BYTES + 1)).toString('base64');
    expect(() => decodeRelease(bomb)).toThrow('its release decompresses to more than 16 MiB, refused');
  });

  it.each([
    ['not base64', '%%%', 'its release is not base64 text'],
    ['damaged gzip', Buffer.from([0x1f, 0x8b, 0x08, 1, 2, 3]).toString('base64'), 'its gzip data is damaged'],
    ['not JSON', Buffer.from('password=hunter2').toString('base64'), 'its release is not valid JSON'],
    ['a JSON array', Buffer.from('[]').toString('base64'), 'its release is not a JSON object'],
    [
      'no revision',
      Buffer.from('{"name":"x","info":{"status":"deployed"}}').toString('base64'),
      'no revision number',
    ],
    ['no status', Buffer.from('{"name":"x","version":1}').toString('base64'), 'its release has no status'],
  ])('refuses %s without quoting it', (_label, text, why) => {
    let message = '';
    try {
      decodeRelease(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(why);
    expect(message).not.toContain('hunter2');
  });
});
