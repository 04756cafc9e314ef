import type { QueryValue } from '../k8s/index.js';
import type { ToolContext } from './tool-definition.js';

// What every tool that writes (the writing family, kubernetes_rollout) sends and says alike. Under
// --dry-run every write is sent with dryRun=All, so the API server validates and admits it but
// stores nothing, and every write result says so.

/** The field manager of every write: server-side apply ownership shows this server's changes. */
export const FIELD_MANAGER = 'mcp-kubernetes';

/** The query every write sends: dryRun=All when the server runs with --dry-run. */
export function writeQuery(
  context: ToolContext,
  extra: Record<string, QueryValue> = {},
): Record<string, QueryValue> {
  return { ...extra, ...(context.settings.dryRun && { dryRun: 'All' }) };
}

/**
 * For writes of what a caller wrote (create, apply, patch): a field the kind does not have is an
 * error naming it, as kubectl's default `--validate=strict` makes it, instead of being dropped
 * with a warning nobody reads (the API server's default).
 */
export const STRICT_FIELDS = { fieldValidation: 'Strict' } as const;

/** The sentence every write result ends with under --dry-run. */
export function dryRunNote(context: ToolContext): string {
  return context.settings.dryRun
    ? '\n(dry run: the API server validated this change, nothing was stored; the server runs with --dry-run)'
    : '';
}
