import type { ApiResource } from '../../k8s/index.js';
import { Refused, readUnlessRefused } from '../refused-read.js';
import type { ToolContext } from '../tool-definition.js';

// What `kubernetes_describe` adds after the object comes from other resources (events, pods,
// quotas). A section the caller may not read is one line saying why, so that an agent does not
// read "no events" or "no quota" into a section it was not shown.

/** The section `read` builds from `resource`, or the line saying it is hidden or not shown. */
export async function describedSection(
  context: ToolContext,
  title: string,
  resource: ApiResource,
  read: () => Promise<string>,
): Promise<string> {
  const section = await readUnlessRefused(context, resource, read);
  if (!(section instanceof Refused)) return section;
  return section.by === 'denied-resources'
    ? `${title}: (hidden: ${resource.plural} are in --denied-resources)`
    : `${title}: (not shown: this identity may not list ${resource.plural} here)`;
}
