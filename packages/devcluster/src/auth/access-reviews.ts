// authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview, answered as
// pkg/registry/authorization/selfsubject{access,rules}review do.

import { goQuote } from '../api/go-quote.js';
import type { KubeObject, RequestAttributes, UserInfo } from '../types.js';
import type { Authorizer, RuleResolver } from './rbac-authorizer.js';
import { nonResourceRequestAttributes, resourceRequestAttributes } from './request-attributes.js';

const authorizationGroup = 'authorization.k8s.io';
const authorizationVersion = `${authorizationGroup}/v1`;

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
}

interface FieldError {
  field: string;
  /** ErrorBody: the message without the field name. */
  body: string;
}

function accessReviewSpec(body: KubeObject): AccessReviewSpec {
  return (body.spec ?? {}) as AccessReviewSpec;
}

// What Go's %#v prints for the internal NonResourceAttributes struct.
function goSyntaxNonResourceAttributes(attributes: NonResourceAttributes): string {
  return `authorization.NonResourceAttributes{Path:${goQuote(attributes.path ?? '')}, Verb:${goQuote(attributes.verb ?? '')}}`;
}

// Both checks of ValidateSelfSubjectAccessReviewSpec exclude each other, so at most one error.
function accessReviewSpecError(spec: AccessReviewSpec): FieldError | undefined {
  const { resourceAttributes, nonResourceAttributes } = spec;
  if (resourceAttributes && nonResourceAttributes) {
    return {
      field: 'spec.nonResourceAttributes',
      body: `Invalid value: ${goSyntaxNonResourceAttributes(nonResourceAttributes)}: cannot be specified in combination with resourceAttributes`,
    };
  }
  if (!resourceAttributes && !nonResourceAttributes) {
    // The real validator reports the nil nonResourceAttributes pointer, which prints as "null".
    return {
      field: 'spec.resourceAttributes',
      body: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    };
  }
  return undefined;
}

/**
 * The 422 Invalid Status kube-apiserver answers for a malformed SelfSubjectAccessReview
 * (both or neither of resourceAttributes and nonResourceAttributes), or undefined when valid.
 */
export function validateSelfSubjectAccessReview(body: KubeObject): KubeObject | undefined {
  const error = accessReviewSpecError(accessReviewSpec(body));
  if (!error) return undefined;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `SelfSubjectAccessReview.${authorizationGroup} "" is invalid: ${error.field}: ${error.body}`,
    reason: 'Invalid',
    details: {
      group: authorizationGroup,
      kind: 'SelfSubjectAccessReview',
      causes: [{ reason: 'FieldValueInvalid', message: error.body, field: error.field }],
    },
    code: 422,
  };
}

/** The 400 BadRequest Status for a SelfSubjectRulesReview without spec.namespace, or undefined. */
export function validateSelfSubjectRulesReview(body: KubeObject): KubeObject | undefined {
  const namespace = (body.spec as { namespace?: string } | undefined)?.namespace;
  if (namespace) return undefined;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'no namespace on request',
    reason: 'BadRequest',
    code: 400,
  };
}

function requestAttributesOf(spec: AccessReviewSpec, user: UserInfo): RequestAttributes {
  const resource = spec.resourceAttributes;
  if (resource) {
    return resourceRequestAttributes(user, {
      verb: resource.verb ?? '',
      apiGroup: resource.group,
      apiVersion: resource.version,
      resource: resource.resource ?? '',
      subresource: resource.subresource,
      namespace: resource.namespace,
      name: resource.name,
    });
  }
  const nonResource = spec.nonResourceAttributes ?? {};
  return nonResourceRequestAttributes(user, nonResource.verb ?? '', nonResource.path ?? '');
}

/** Answers a SelfSubjectAccessReview already accepted by validateSelfSubjectAccessReview. */
export function selfSubjectAccessReview(
  body: KubeObject,
  user: UserInfo,
  authorizer: Authorizer,
): KubeObject {
  const spec = accessReviewSpec(body);
  const decision = authorizer.authorize(requestAttributesOf(spec, user));
  // `denied` is only set by an explicit Deny, which RBAC never gives; empty strings are omitted.
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return {
    apiVersion: authorizationVersion,
    kind: 'SelfSubjectAccessReview',
    metadata: {},
    spec,
    status,
  };
}

/**
 * Answers a SelfSubjectRulesReview already accepted by validateSelfSubjectRulesReview. The real
 * server builds a new object holding only the status, so the spec comes back empty.
 */
export function selfSubjectRulesReview(
  body: KubeObject,
  user: UserInfo,
  ruleResolver: RuleResolver,
): KubeObject {
  const namespace = (body.spec as { namespace?: string } | undefined)?.namespace ?? '';
  const rules = ruleResolver.rulesFor(user, namespace);
  const status: Record<string, unknown> = {
    resourceRules: rules.resourceRules,
    nonResourceRules: rules.nonResourceRules,
    incomplete: rules.incomplete,
  };
  if (rules.evaluationError) status.evaluationError = rules.evaluationError;
  return {
    apiVersion: authorizationVersion,
    kind: 'SelfSubjectRulesReview',
    metadata: {},
    spec: {},
    status,
  };
}
