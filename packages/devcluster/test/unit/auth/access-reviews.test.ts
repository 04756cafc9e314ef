import { describe, expect, it } from 'vitest';
import {
  selfSubjectAccessReview,
  selfSubjectRulesReview,
  validateSelfSubjectAccessReview,
  validateSelfSubjectRulesReview,
} from '../../../src/auth/access-reviews.js';
import { bootstrapPolicy } from '../../../src/auth/bootstrap-policy.js';
import { createRbacAuthorizer } from '../../../src/auth/rbac-authorizer.js';
import type { KubeObject, UserInfo } from '../../../src/types.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const objects: KubeObject[] = [
  ...bootstrapPolicy(),
  {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'alice-edit', namespace: 'team-a' },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: 'edit' },
    subjects: [{ apiGroup: rbacGroup, kind: 'User', name: 'alice@example.com' }],
  },
];
const authorizer = createRbacAuthorizer({
  roles: () => [],
  roleBindings: (namespace) =>
    objects.filter((object) => object.kind === 'RoleBinding' && object.metadata.namespace === namespace),
  clusterRoles: () => objects.filter((object) => object.kind === 'ClusterRole'),
  clusterRoleBindings: () => objects.filter((object) => object.kind === 'ClusterRoleBinding'),
});
const alice: UserInfo = { username: 'alice@example.com', groups: ['system:authenticated'] };

function accessReview(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: {},
    spec,
  };
}

describe('selfSubjectAccessReview', () => {
  it('answers an allowed resource request with the authorizer reason, echoing the spec', () => {
    const spec = { resourceAttributes: { namespace: 'team-a', verb: 'list', resource: 'pods' } };
    expect(selfSubjectAccessReview(accessReview(spec), alice, authorizer)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec,
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by RoleBinding "alice-edit/team-a" of ClusterRole "edit" to User "alice@example.com"',
      },
    });
  });

  it('answers a denial with allowed false and no reason or denied field', () => {
    const spec = { resourceAttributes: { namespace: 'team-b', verb: 'list', resource: 'pods' } };
    expect(selfSubjectAccessReview(accessReview(spec), alice, authorizer).status).toEqual({ allowed: false });
  });

  it('passes group, subresource and name on to the authorizer', () => {
    const log = { namespace: 'team-a', verb: 'get', resource: 'pods', subresource: 'log', name: 'web-1' };
    const scale = {
      namespace: 'team-a',
      verb: 'update',
      group: 'apps',
      resource: 'deployments',
      subresource: 'scale',
    };
    const rbac = { namespace: 'team-a', verb: 'create', group: rbacGroup, resource: 'rolebindings' };
    const allowed = (resourceAttributes: object) =>
      (
        selfSubjectAccessReview(accessReview({ resourceAttributes }), alice, authorizer).status as {
          allowed: boolean;
        }
      ).allowed;
    expect(allowed(log)).toBe(true);
    expect(allowed(scale)).toBe(true);
    expect(allowed(rbac)).toBe(false);
  });

  it('checks non-resource paths', () => {
    const version = accessReview({ nonResourceAttributes: { path: '/version', verb: 'get' } });
    const metrics = accessReview({ nonResourceAttributes: { path: '/metrics', verb: 'get' } });
    expect((selfSubjectAccessReview(version, alice, authorizer).status as { allowed: boolean }).allowed).toBe(
      true,
    );
    expect((selfSubjectAccessReview(metrics, alice, authorizer).status as { allowed: boolean }).allowed).toBe(
      false,
    );
  });
});

describe('validateSelfSubjectAccessReview', () => {
  it('accepts exactly one of the two attribute kinds', () => {
    expect(
      validateSelfSubjectAccessReview(accessReview({ resourceAttributes: { verb: 'get' } })),
    ).toBeUndefined();
    expect(
      validateSelfSubjectAccessReview(accessReview({ nonResourceAttributes: { path: '/api' } })),
    ).toBeUndefined();
  });

  it('answers 422 with the real message when neither is set', () => {
    expect(validateSelfSubjectAccessReview(accessReview({}))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      reason: 'Invalid',
      details: {
        group: 'authorization.k8s.io',
        kind: 'SelfSubjectAccessReview',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message:
              'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
            field: 'spec.resourceAttributes',
          },
        ],
      },
      code: 422,
    });
  });

  it('treats null attributes as absent, as Go decodes them to nil', () => {
    const review = accessReview({ resourceAttributes: null, nonResourceAttributes: null });
    expect(validateSelfSubjectAccessReview(review)?.code).toBe(422);
  });

  it('answers 422 naming the Go value of nonResourceAttributes when both are set', () => {
    const review = accessReview({
      resourceAttributes: { verb: 'get', resource: 'pods' },
      nonResourceAttributes: { path: '/version', verb: 'get' },
    });
    expect(validateSelfSubjectAccessReview(review)?.message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/version", Verb:"get"}: cannot be specified in combination with resourceAttributes',
    );
  });
});

describe('selfSubjectRulesReview', () => {
  const rulesReview = (namespace?: string): KubeObject => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: {},
    spec: namespace === undefined ? {} : { namespace },
  });

  it('reports the rules of the namespace and the cluster, with an empty spec as the real server does', () => {
    const review = selfSubjectRulesReview(rulesReview('team-a'), alice, authorizer);
    const status = review.status as {
      resourceRules: unknown[];
      nonResourceRules: unknown[];
      incomplete: boolean;
    };
    expect(review.spec).toEqual({});
    expect(status.incomplete).toBe(false);
    expect(status).not.toHaveProperty('evaluationError');
    expect(status.resourceRules).toContainEqual({
      verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
      apiGroups: ['apps'],
      resources: [
        'daemonsets',
        'deployments',
        'deployments/rollback',
        'deployments/scale',
        'replicasets',
        'replicasets/scale',
        'statefulsets',
        'statefulsets/scale',
      ],
    });
    expect(status.nonResourceRules).toContainEqual({
      verbs: ['get'],
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    });
  });

  it('reports only cluster-wide rules in a namespace without bindings', () => {
    const status = selfSubjectRulesReview(rulesReview('team-b'), alice, authorizer).status as {
      resourceRules: { apiGroups?: string[] }[];
    };
    expect(status.resourceRules.every((rule) => !rule.apiGroups?.includes('apps'))).toBe(true);
  });
});

describe('validateSelfSubjectRulesReview', () => {
  it('answers 400 BadRequest when spec.namespace is missing', () => {
    const review: KubeObject = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: {},
    };
    expect(validateSelfSubjectRulesReview(review)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'no namespace on request',
      reason: 'BadRequest',
      code: 400,
    });
    expect(validateSelfSubjectRulesReview({ ...review, spec: { namespace: 'team-a' } })).toBeUndefined();
  });
});
