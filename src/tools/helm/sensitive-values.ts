import { parse } from 'yaml';
import { KUBERNETES_YAML } from '../../k8s/index.js';
import { maskSecrets, toYaml } from '../../output/index.js';

// What a release holds may be secret: values often carry passwords and tokens, and a chart's
// manifest may render Secrets. `helm get` prints them in the clear; this tool never does. Values
// under keys that name a credential, and the data of every Secret in a manifest, show as
// `<redacted: N bytes>`, as the output masking shows Secrets elsewhere.

const SENSITIVE_KEY =
  /(password|passwd|passphrase|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential|auth[-_]?key|cert[-_]?key|dsn|connection[-_]?string)/i;
/** Keys that name or point at a credential rather than hold it: `existingSecret`'s name stays readable. */
const REFERENCE_KEY = /(name|ref|file|path|existing\w*)$/i;

function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key) && !REFERENCE_KEY.test(key);
}

function redacted(value: unknown): string {
  return `<redacted: ${Buffer.byteLength(String(value), 'utf8')} bytes>`;
}

/** A copy of `values` with every scalar under a credential-like key redacted, at any depth. */
export function maskSensitiveValues(values: unknown, sensitive = false): unknown {
  if (Array.isArray(values)) return values.map((item) => maskSensitiveValues(item, sensitive));
  if (typeof values === 'object' && values !== null) {
    return Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        maskSensitiveValues(value, sensitive || isSensitiveKey(key)),
      ]),
    );
  }
  return sensitive && values !== null && values !== '' ? redacted(values) : values;
}

const DOCUMENT_SEPARATOR = /^---[ \t]*$/m;

function maskDocument(document: string): string {
  let object: unknown;
  try {
    object = parse(document, KUBERNETES_YAML);
  } catch {
    // Unreadable, so it cannot be masked field by field: a Secret goes entirely.
    return /^kind:\s*["']?Secret\b/m.test(document)
      ? `\n# <unreadable Secret: ${redacted(document)}>\n`
      : document;
  }
  if ((object as { kind?: unknown } | null)?.kind !== 'Secret') return document;
  const comments = document.split('\n').filter((line) => line.startsWith('#'));
  return `\n${[...comments, toYaml(maskSecrets(object)).trimEnd()].join('\n')}\n`;
}

/** The manifest with every Secret's data and stringData redacted; every other document as rendered. */
export function maskManifestSecrets(manifest: string): string {
  return manifest.split(DOCUMENT_SEPARATOR).map(maskDocument).join('---');
}

/** The credential-like values themselves (long enough to be told apart from ordinary words). */
function sensitiveStrings(values: unknown, sensitive = false, found = new Set<string>()): Set<string> {
  if (Array.isArray(values)) for (const item of values) sensitiveStrings(item, sensitive, found);
  else if (typeof values === 'object' && values !== null) {
    for (const [key, value] of Object.entries(values))
      sensitiveStrings(value, sensitive || isSensitiveKey(key), found);
  } else if (sensitive && (typeof values === 'string' || typeof values === 'number')) {
    if (String(values).length >= 6) found.add(String(values));
  }
  return found;
}

/** Text rendered from the values (notes, manifests) with every credential-like value cut out. */
export function redactSensitiveText(text: string, ...valueSets: unknown[]): string {
  let result = text;
  for (const values of valueSets) {
    for (const secret of sensitiveStrings(values)) result = result.split(secret).join(redacted(secret));
  }
  return result;
}
