// Who is asking (authentication, then impersonation) and whether RBAC lets them: the same for plain requests
// and for WebSocket upgrades.
import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest, type Status, unauthorized } from '../api/status.js';
import { forbiddenStatus } from '../auth/forbidden-message.js';
import { impersonationRequest } from '../auth/impersonation.js';
import { nonResourceRequestAttributes, resourceRequestAttributes } from '../auth/request-attributes.js';
import type { RequestAttributes, UserInfo } from '../types.js';
import type { ApiServerContext } from './api-server-context.js';
import type { RequestInfo } from './request-info.js';

export function attributesOf(info: RequestInfo, user: UserInfo): RequestAttributes {
  if (info.kind === 'nonresource') return nonResourceRequestAttributes(user, info.verb, info.path);
  return resourceRequestAttributes(user, {
    verb: info.verb,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  });
}

export function authorizeOrThrow(context: ApiServerContext, attributes: RequestAttributes): void {
  const decision = context.authorizer.authorize(attributes);
  if (!decision.allowed)
    throw new ApiError(forbiddenStatus(attributes, decision.reason) as unknown as Status);
}

export async function authenticated(context: ApiServerContext, request: IncomingMessage): Promise<UserInfo> {
  const user = await context.authenticate(request.headers);
  if (!user) throw unauthorized();
  let impersonation: ReturnType<typeof impersonationRequest>;
  try {
    impersonation = impersonationRequest(request.headers, user);
  } catch (error) {
    throw badRequest((error as Error).message);
  }
  if (!impersonation) return user;
  for (const check of impersonation.checks) authorizeOrThrow(context, check);
  return impersonation.user;
}
