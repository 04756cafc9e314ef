import type { ApiResource } from '../../k8s/index.js';
import { failureStatus } from '../error-mapping.js';
import { isDenied } from '../resource-policy.js';
import type { ToolContext } from '../tool-definition.js';

// What `kubernetes_describe` adds after the object comes from other resources (events, pods,
// quotas). A caller who may read the object but not one of those still gets the description, as
// with `kubectl describe`, and each missing section says why, so that an agent does not read "no
// events" or "no quota" into a section it was not shown.

/** The section's line when `--denied-resources` hides its resource; undefined when it does not. */
export function hiddenSection(
  context: ToolContext,
  title: string,
  resource: ApiResource,
): string | undefined {
  return isDenied(context.settings.deniedResources, resource)
    ? `${title}: (hidden: ${resource.plural} are in --denied-resources)`
    : undefined;
}

/** The section `read` builds, or a line saying the caller's RBAC does not let it list `resource` there. */
export async function sectionUnlessForbidden(
  title: string,
  resource: ApiResource,
  read: () => Promise<string>,
): Promise<string> {
  try {
    return await read();
  } catch (error) {
    if (failureStatus(error) !== 403) throw error;
    return `${title}: (not shown: this identity may not list ${resource.plural} here)`;
  }
}
