import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/k8s/kube-object.js';
import { LAST_APPLIED_ANNOTATION, maskSecrets } from '../../../src/output/secret-masking.js';
import { SECRET_VALUES, secret } from './fixtures.js';

function expectNoSecretValue(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secretValue of SECRET_VALUES) expect(text).not.toContain(secretValue);
}

describe('maskSecrets', () => {
  it('replaces data values by their decoded size and stringData values by their length', () => {
    const masked = maskSecrets(secret());
    expect(masked.data).toEqual({ password: '<redacted: 11 bytes>' });
    expect(masked.stringData).toEqual({ token: '<redacted: 17 bytes>' });
  });

  it('keeps keys, type and metadata visible', () => {
    const masked = maskSecrets(secret());
    expect(masked.type).toBe('Opaque');
    expect(masked.metadata?.name).toBe('api-credentials');
    expect(masked.metadata?.managedFields).toEqual(secret().metadata?.managedFields);
  });

  it('masks the Secret inside the last-applied annotation and keeps it readable JSON', () => {
    const masked = maskSecrets(secret());
    const applied = JSON.parse(masked.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] ?? '');
    expect(applied.data).toEqual({ password: '<redacted: 11 bytes>' });
    expect(applied.metadata.name).toBe('api-credentials');
    expectNoSecretValue(masked);
  });

  it('removes a last-applied annotation of a Secret that is not JSON', () => {
    const broken = secret();
    broken.metadata = { annotations: { [LAST_APPLIED_ANNOTATION]: 'password: supersecret' } };
    expect(maskSecrets(broken).metadata?.annotations?.[LAST_APPLIED_ANNOTATION]).toBe('<redacted: 21 bytes>');
  });

  it('never mutates its input', () => {
    const input = secret();
    const before = structuredClone(input);
    maskSecrets({ kind: 'List', items: [input] });
    expect(input).toEqual(before);
  });

  it('masks the kind-less items of a SecretList, as the API server sends them', () => {
    const { kind: _kind, apiVersion: _apiVersion, ...kindless } = secret();
    expectNoSecretValue(maskSecrets({ kind: 'SecretList', items: [kindless] }));
  });

  it('masks Secrets carried by Table rows, full objects or metadata only', () => {
    const table = {
      kind: 'Table',
      columnDefinitions: [],
      rows: [
        { cells: ['a'], object: secret('a') },
        { cells: ['b'], object: { kind: 'PartialObjectMetadata', metadata: secret('b').metadata } },
      ],
    };
    expectNoSecretValue(maskSecrets(table));
  });

  it('masks a Secret at any depth of nested lists', () => {
    for (let depth = 0; depth < 5; depth += 1) {
      let value: unknown = secret();
      for (let level = 0; level < depth; level += 1) {
        value = level % 2 ? { kind: 'List', items: [{ kind: 'ConfigMap' }, value] } : [value];
      }
      expectNoSecretValue(maskSecrets(value));
    }
  });

  it('leaves other kinds untouched, including a ConfigMap with data', () => {
    const configMap: KubeObject = {
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { mode: 'supersecret' },
    };
    expect(maskSecrets(configMap)).toBe(configMap);
  });

  it('gives the same answer when applied twice', () => {
    const once = maskSecrets(secret());
    expect(maskSecrets(once)).toEqual(once);
  });
});
