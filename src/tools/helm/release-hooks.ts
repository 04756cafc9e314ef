import { UsageError } from '../error-mapping.js';
import type { HelmRelease } from './release-codec.js';

// This tool never runs Helm hooks: it has no way to wait for a hook Job as Helm does, and running
// half of a chart's lifecycle would be worse than none. A rollback or uninstall of a release whose
// chart has hooks for that step is refused, unless the caller says skipHooks: true (`helm
// --no-hooks`), knowing the hooks will not run.

export const ROLLBACK_HOOK_EVENTS = ['pre-rollback', 'post-rollback'];
export const UNINSTALL_HOOK_EVENTS = ['pre-delete', 'post-delete'];

function hooksOn(release: HelmRelease, events: string[]): string[] {
  return (release.hooks ?? [])
    .filter((hook) => (hook.events ?? []).some((event) => events.includes(event)))
    .map((hook) => `${hook.kind ?? ''}/${hook.name ?? ''} (${(hook.events ?? []).join(',')})`);
}

/**
 * Refuses the step when `release` has hooks for it and the caller did not skip them; otherwise
 * the note the result carries about the hooks that were not run.
 */
export function checkHooks(
  release: HelmRelease,
  events: string[],
  step: string,
  skipHooks: boolean,
): string | undefined {
  const hooks = hooksOn(release, events);
  if (hooks.length === 0) return undefined;
  if (!skipHooks) {
    throw new UsageError(
      `Not done: the ${step} of Helm release "${release.name}" has hooks, ${hooks.join(', ')}, and this tool ` +
        'never runs hooks. Run it with the helm CLI to have them run, or repeat with skipHooks: true to go ' +
        'on without them (as helm --no-hooks). Nothing was changed.',
    );
  }
  return `Hooks not run (skipHooks): ${hooks.join(', ')}.`;
}
