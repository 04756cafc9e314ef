import { InvalidTarget } from './errors.js';

/**
 * RFC 8707: the resource a token will be bound to (its audience). A client may name it with `resource`;
 * it must then be one of ours. Without one, the token is bound to `defaultResource`.
 * Several `resource` values are refused: our tokens serve exactly one resource.
 */
const RESOURCE_MISMATCH = { event: 'resource_mismatch' } as const;

export function resolveResource(
  requested: string | readonly string[] | undefined,
  accepted: readonly string[],
  defaultResource: string,
): string {
  const values = typeof requested === 'string' ? [requested] : (requested ?? []);
  if (values.length === 0) return defaultResource;
  const [resource] = values;
  if (values.length > 1 || resource === undefined) {
    throw new InvalidTarget('only one resource may be requested', RESOURCE_MISMATCH);
  }
  if (!accepted.includes(resource)) {
    throw new InvalidTarget('the requested resource is not served here', RESOURCE_MISMATCH);
  }
  return resource;
}
