import { limitOutput, toYaml } from '../../output/index.js';
import { textTable } from '../text-table.js';
import type { ToolContext, ToolResult } from '../tool-definition.js';
import type { HelmRelease } from './release-codec.js';
import { manifestObjectsOf } from './release-objects.js';
import { maskManifestSecrets, maskSensitiveValues, redactSensitiveText } from './sensitive-values.js';

// What the reading actions print, field for field what `helm list`, `helm status`, `helm history`,
// `helm get values` and `helm get manifest` show, with credentials redacted.

/** `helm list` shows these statuses unless asked for all. */
const LISTED_BY_DEFAULT = new Set(['deployed', 'failed']);

export function chartOf(release: HelmRelease): string {
  const metadata = release.chart?.metadata;
  return metadata?.name ? `${metadata.name}-${metadata.version ?? ''}` : '';
}

function appVersionOf(release: HelmRelease): string {
  return release.chart?.metadata?.appVersion ?? '';
}

function userValues(release: HelmRelease): Record<string, unknown> {
  return release.config ?? {};
}

function limited(context: ToolContext, header: string, items: string[], hint: string): ToolResult {
  return { text: limitOutput({ header, items }, context.settings.maxOutputBytes, hint).text };
}

/** The newest revision of each release, as `helm list` picks them. */
export function latestRevisions(releases: HelmRelease[]): HelmRelease[] {
  const latest = new Map<string, HelmRelease>();
  for (const release of releases) {
    const key = `${release.namespace}/${release.name}`;
    const seen = latest.get(key);
    if (!seen || seen.version < release.version) latest.set(key, release);
  }
  return [...latest.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace),
  );
}

export function listView(
  context: ToolContext,
  releases: HelmRelease[],
  options: { all: boolean; where: string; unreadable: string[] },
): ToolResult {
  const shown = latestRevisions(releases).filter(
    (release) => options.all || LISTED_BY_DEFAULT.has(release.info.status),
  );
  const warnings = options.unreadable.map((why) => `warning: ${why}`);
  if (shown.length === 0) return { text: [`No Helm releases ${options.where}.`, ...warnings].join('\n') };
  const table = textTable(
    ['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'],
    shown.map((release) => [
      release.name,
      release.namespace,
      release.version,
      release.info.last_deployed ?? '',
      release.info.status,
      chartOf(release),
      appVersionOf(release),
    ]),
  );
  const result = limited(context, table.header, table.rows, 'Name a namespace to see fewer releases.');
  return { text: [result.text, ...warnings].join('\n') };
}

function hookLines(release: HelmRelease): string[] {
  return (release.hooks ?? []).map(
    (hook) => `  ${(hook.events ?? []).join(',')}: ${hook.kind ?? ''}/${hook.name ?? ''}`,
  );
}

export function statusView(release: HelmRelease): ToolResult {
  const resources = manifestObjectsOf(release).map(
    (object) => `  ${object.kind}/${object.metadata?.name ?? ''}`,
  );
  const hooks = hookLines(release);
  const notes = release.info.notes?.trim();
  const lines = [
    `NAME: ${release.name}`,
    `NAMESPACE: ${release.namespace}`,
    `STATUS: ${release.info.status}`,
    `REVISION: ${release.version}`,
    `CHART: ${chartOf(release)}`,
    `APP VERSION: ${appVersionOf(release)}`,
    `LAST DEPLOYED: ${release.info.last_deployed ?? ''}`,
    `DESCRIPTION: ${release.info.description ?? ''}`,
    ...(resources.length > 0 ? ['RESOURCES:', ...resources] : []),
    ...(hooks.length > 0 ? ['HOOKS (this tool never runs them):', ...hooks] : []),
    ...(notes ? ['NOTES:', redactSensitiveText(notes, userValues(release), release.chart?.values)] : []),
  ];
  return { text: lines.join('\n') };
}

export function historyView(context: ToolContext, revisions: HelmRelease[]): ToolResult {
  const table = textTable(
    ['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION'],
    revisions.map((release) => [
      release.version,
      release.info.last_deployed ?? '',
      release.info.status,
      chartOf(release),
      appVersionOf(release),
      release.info.description ?? '',
    ]),
  );
  return limited(context, table.header, table.rows, 'The newest revisions are at the end.');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Helm's coalescing: the user's values over the chart's defaults, maps merged, null removing a key. */
export function computedValues(
  defaults: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    const base = result[key];
    if (value === null) delete result[key];
    else if (isPlainObject(value) && isPlainObject(base)) result[key] = computedValues(base, value);
    else result[key] = value;
  }
  return result;
}

export function valuesView(context: ToolContext, release: HelmRelease, all: boolean): ToolResult {
  const values = all ? computedValues(release.chart?.values ?? {}, userValues(release)) : userValues(release);
  const header = all
    ? 'COMPUTED VALUES (chart defaults merged with the user-supplied values; credential-like keys redacted):'
    : 'USER-SUPPLIED VALUES (credential-like keys redacted):';
  const yaml = toYaml(maskSensitiveValues(values)).trimEnd();
  return limited(context, header, yaml.split('\n'), 'Values are cut: ask for fewer (all: false).');
}

export function manifestView(context: ToolContext, release: HelmRelease): ToolResult {
  const manifest = redactSensitiveText(
    maskManifestSecrets(release.manifest ?? ''),
    userValues(release),
    release.chart?.values,
  );
  const documents = manifest.split(/^(?=---[ \t]*$)/m).map((document) => document.trimEnd());
  return limited(
    context,
    `# Manifest of Helm release ${release.namespace}/${release.name}, revision ${release.version} ` +
      '(Secret data redacted)',
    documents.filter((document) => document !== ''),
    'Read single objects with kubernetes_get.',
  );
}
