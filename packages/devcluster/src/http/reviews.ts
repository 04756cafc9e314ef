import { isReviewResource } from '../api/builtin-resources.js';
import { ApiError, type Status } from '../api/status.js';
import {
  selfSubjectAccessReview,
  selfSubjectRulesReview,
  validateSelfSubjectAccessReview,
  validateSelfSubjectRulesReview,
} from '../auth/access-reviews.js';
import type { RbacAuthorizer } from '../auth/rbac-authorizer.js';
import type { KubeObject, ResourceType, UserInfo } from '../types.js';

// Reviews are questions about the caller, answered at once and never stored.

export function isReview(resource: ResourceType): boolean {
  return isReviewResource(resource);
}

function selfSubjectReview(user: UserInfo): KubeObject {
  const userInfo: Record<string, unknown> = { username: user.username, groups: user.groups };
  if (user.uid) userInfo.uid = user.uid;
  if (user.extra) userInfo.extra = user.extra;
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {},
    status: { userInfo },
  };
}

function throwIfInvalid(status: KubeObject | undefined): void {
  if (status) throw new ApiError(status as unknown as Status);
}

export function answerReview(
  resource: ResourceType,
  body: Record<string, unknown>,
  user: UserInfo,
  authorizer: RbacAuthorizer,
): KubeObject {
  const review = {
    apiVersion: `${resource.group}/${resource.version}`,
    kind: resource.kind,
    metadata: {},
    ...body,
  } as KubeObject;
  switch (resource.kind) {
    case 'SelfSubjectAccessReview':
      throwIfInvalid(validateSelfSubjectAccessReview(review));
      return selfSubjectAccessReview(review, user, authorizer);
    case 'SelfSubjectRulesReview':
      throwIfInvalid(validateSelfSubjectRulesReview(review));
      return selfSubjectRulesReview(review, user, authorizer);
    default:
      return selfSubjectReview(user);
  }
}
