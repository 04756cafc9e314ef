import type { ApiResource } from '../k8s/index.js';
import { failureStatus } from './error-mapping.js';
import { isDenied } from './resource-policy.js';
import type { ToolContext } from './tool-definition.js';

// A part of a tool's answer read from a resource the caller may not see: hidden by
// --denied-resources, or refused by the cluster's RBAC (403). Tools that put several reads into one
// answer (describe, cluster health) give the rest and say which part was refused and why, instead
// of failing the whole call, as `kubectl describe` goes on without the events it may not list.

export class Refused {
  constructor(readonly by: 'denied-resources' | 'rbac') {}
}

/** What `read` gives, or why the caller may not have it; any other failure is thrown. */
export async function readUnlessRefused<T>(
  context: ToolContext,
  resource: ApiResource,
  read: () => Promise<T>,
): Promise<T | Refused> {
  if (isDenied(context.settings.deniedResources, resource)) return new Refused('denied-resources');
  try {
    return await read();
  } catch (error) {
    if (failureStatus(error) !== 403) throw error;
    return new Refused('rbac');
  }
}
