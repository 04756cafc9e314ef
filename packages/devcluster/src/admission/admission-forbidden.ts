// admission.NewForbidden: how an admission plugin's refusal reads, `pods "web-1" is forbidden: <why>`,
// the group-qualified resource in front.
import { goQuote } from '../api/go-quote.js';
import { type ApiError, forbidden, type GroupResource } from '../api/status.js';
import type { KubeObject } from '../types.js';

export function admissionForbidden(gr: GroupResource, object: KubeObject, why: string): ApiError {
  const qualified = gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
  const name = object.metadata.name ?? '';
  const subject = name ? `${qualified} ${goQuote(name)}` : qualified;
  return forbidden(`${subject} is forbidden: ${why}`, {
    ...(name && { name }),
    ...(gr.group && { group: gr.group }),
    kind: gr.resource,
  });
}
