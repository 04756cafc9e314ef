import { stringify } from 'yaml';
import { maskSecrets } from './secret-masking.js';

// Both serializers mask Secrets themselves, so a caller that forgot maskSecrets cannot leak a value.

/** YAML as kubectl prints it: sequences not indented under their key, long strings never folded. */
export function toYaml(value: unknown): string {
  return stringify(maskSecrets(value), { aliasDuplicateObjects: false, indentSeq: false, lineWidth: 0 });
}

export function toJson(value: unknown): string {
  return JSON.stringify(maskSecrets(value), null, 2) ?? 'null';
}
