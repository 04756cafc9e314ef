// Helm release secrets, written the way Helm's `secrets` storage driver writes them, so that a
// real `helm list/history/get` reads the seeded release.
//
// The stored format (Helm 3, which Helm 4 reads and writes the same way for release v1):
// - a Secret `sh.helm.release.v1.<release>.v<revision>` in the release's namespace, of type
//   `helm.sh/release.v1`, labelled name=<release>, owner=helm, status=<status>,
//   version=<revision> (and modifiedAt=<unix seconds> once updated);
// - its one data key `release` holds base64(gzip(JSON of the release)); as with any Secret
//   data, the API then shows that text base64-encoded once more;
// - the release JSON: {name, namespace, version, info: {first_deployed, last_deployed, deleted,
//   description, status, notes}, chart: {metadata, lock, templates: [{name, data: base64}],
//   values, schema, files}, config (the user-supplied values, omitted when none), manifest (the
//   rendered YAML documents, each after a `# Source: <chart>/<template>` line)}.
//   Helm 4 adds `apply_method` and file modtimes; omitting them marks a release Helm 3 made.
import { gzipSync } from 'node:zlib';
import type { KubeObject } from '../types.js';
import { objectMeta } from './object-meta.js';

export type ReleaseStatus = 'deployed' | 'superseded' | 'failed' | 'uninstalled' | 'pending-install';

export interface ChartDescription {
  metadata: { name: string; version: string; description: string; appVersion: string };
  values: Record<string, unknown>;
  /** Template sources by file name under templates/. */
  templates: Record<string, string>;
}

export interface ReleaseRevision {
  release: string;
  namespace: string;
  version: number;
  status: ReleaseStatus;
  description: string;
  firstDeployed: Date;
  deployedAt: Date;
  /** When Helm last rewrote the secret (a later revision superseding this one). */
  modifiedAt?: Date;
  /** The values the user supplied for this revision. */
  config: Record<string, unknown>;
  manifest: string;
  notes: string;
}

const NEVER = '0001-01-01T00:00:00Z';

function releaseJson(chart: ChartDescription, revision: ReleaseRevision): Record<string, unknown> {
  const hasConfig = Object.keys(revision.config).length > 0;
  return {
    name: revision.release,
    info: {
      first_deployed: revision.firstDeployed.toISOString(),
      last_deployed: revision.deployedAt.toISOString(),
      deleted: NEVER,
      description: revision.description,
      status: revision.status,
      notes: revision.notes,
    },
    chart: {
      metadata: { ...chart.metadata, apiVersion: 'v2', type: 'application' },
      lock: null,
      templates: Object.entries(chart.templates).map(([name, source]) => ({
        name: `templates/${name}`,
        data: Buffer.from(source).toString('base64'),
      })),
      values: chart.values,
      schema: null,
      files: null,
    },
    ...(hasConfig && { config: revision.config }),
    manifest: revision.manifest,
    version: revision.version,
    namespace: revision.namespace,
  };
}

/** Helm's encodeRelease: JSON, gzipped, base64 text. */
export function encodeRelease(release: Record<string, unknown>): string {
  return gzipSync(JSON.stringify(release)).toString('base64');
}

/** The storage secret of one revision, as Helm's secrets driver creates it. */
export function releaseSecret(chart: ChartDescription, revision: ReleaseRevision): KubeObject {
  const labels: Record<string, string> = {
    name: revision.release,
    owner: 'helm',
    status: revision.status,
    version: String(revision.version),
  };
  if (revision.modifiedAt) labels.modifiedAt = String(Math.floor(revision.modifiedAt.getTime() / 1000));
  const encoded = encodeRelease(releaseJson(chart, revision));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta({
      name: `sh.helm.release.v1.${revision.release}.v${revision.version}`,
      namespace: revision.namespace,
      created: revision.deployedAt,
      labels,
    }),
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from(encoded).toString('base64') },
  };
}

/**
 * Renders a template the seed's charts use: only `{{ .Values.a.b }}`, `{{ .Release.Name }}`,
 * `{{ .Release.Namespace }}` and `{{ .Chart.Name }}` substitutions, which Helm renders the same.
 */
export function renderTemplate(
  source: string,
  scope: { Values: Record<string, unknown>; Release: Record<string, string>; Chart: Record<string, string> },
): string {
  return source.replace(/\{\{\s*\.([A-Za-z]+(?:\.[A-Za-z]+)+)\s*\}\}/g, (whole, path: string) => {
    const value = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], scope);
    if (value === undefined || (typeof value === 'object' && value !== null))
      throw new Error(`the seed's chart template cannot render ${whole}`);
    return String(value);
  });
}

/** Helm's manifest: each rendered template, trimmed, after its source line, in the order given. */
export function releaseManifest(
  chart: ChartDescription,
  scope: Parameters<typeof renderTemplate>[1],
  order: string[],
): string {
  return order
    .map((name) => {
      const rendered = renderTemplate(chart.templates[name] ?? '', scope).trim();
      return `---\n# Source: ${chart.metadata.name}/templates/${name}\n${rendered}\n`;
    })
    .join('');
}
