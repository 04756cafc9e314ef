import { describe, expect, it } from 'vitest';
import { toJson, toYaml } from '../../../src/output/serialize.js';
import { SECRET_VALUES, secret } from './fixtures.js';

describe('toYaml and toJson', () => {
  it('write YAML as kubectl does, sequences at the key indentation and no folded lines', () => {
    const longValue = 'x'.repeat(200);
    const shared = { name: 'a' };
    const yaml = toYaml({ items: [shared, shared], note: longValue });
    expect(yaml).toBe(`items:\n- name: a\n- name: a\nnote: ${longValue}\n`);
  });

  it('write JSON with two-space indentation', () => {
    expect(toJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('mask Secrets themselves, so a forgotten maskSecrets call cannot leak a value', () => {
    for (const text of [
      toYaml(secret()),
      toJson(secret()),
      toJson({ kind: 'SecretList', items: [secret()] }),
    ]) {
      for (const value of SECRET_VALUES) expect(text).not.toContain(value);
      expect(text).toContain('<redacted: 11 bytes>');
    }
  });
});
