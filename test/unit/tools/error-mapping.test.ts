import { describe, expect, it } from 'vitest';
import { ClusterConfigError } from '../../../src/k8s/cluster-config-error.js';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';
import {
  callTarget,
  redactCredentials,
  TargetedFailure,
  toolError,
  UsageError,
} from '../../../src/tools/error-mapping.js';
import { deployments } from './fixtures.js';

function apiError(reason: string, message: string, status = 400, details = {}) {
  return new KubernetesError(message, 'api', status, reason, details);
}

describe('error mapping', () => {
  it('names the kind, name and namespace of a missing object and suggests kubernetes_list', () => {
    const error = apiError('NotFound', 'deployments.apps "webb" not found', 404, {
      name: 'webb',
      group: 'apps',
      kind: 'deployments',
    });
    const result = toolError(error, { resource: deployments, name: 'webb', namespace: 'team-a' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Deployment "webb" not found in namespace "team-a"');
    expect(result.text).toContain('kubernetes_list (resourceType: "deployments", namespace: "team-a")');
  });

  it.each([
    [
      'deploy/web',
      ' "deploy/web" reads as kubectl\'s type/name form: give the type as resourceType and "web" as name.',
    ],
    ['web-*', ' Names are matched exactly, not as patterns:'],
    ['webb', ''],
  ])('adds what a missing name %j suggests the caller meant', (name, hint) => {
    const error = apiError('NotFound', `deployments.apps "${name}" not found`, 404, { name });
    const { text } = toolError(error, { resource: deployments, name, namespace: 'team-a' });
    expect(text).toContain(
      `to see the names that exist, or set allNamespaces: true if it may live in another namespace.${hint}`,
    );
    if (!hint) expect(text.endsWith('another namespace.')).toBe(true);
  });

  it('quotes the RBAC reason of a Forbidden answer and suggests kubernetes_can_i', () => {
    const message =
      'pods is forbidden: User "bob@example.com" cannot delete resource "pods" in the namespace "team-a"';
    const result = toolError(apiError('Forbidden', message, 403));
    expect(result.text).toContain(`"${message}"`);
    expect(result.text).toContain('kubernetes_can_i');
  });

  it('tells an admission refusal from an RBAC denial, with advice for the policy it names', () => {
    const cases: [string, RegExp][] = [
      [
        'pods "web-1" is forbidden: exceeded quota: caps, requested: pods=1, used: pods=2, limited: pods=2',
        /resourceType: "resourcequotas"/,
      ],
      [
        'pods "web-1" is forbidden: failed quota: caps: must specify limits.memory for: app',
        /"must specify" means/,
      ],
      [
        'pods "web-1" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
        /resourceType: "limitranges"/,
      ],
      [
        'pods "web-1" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true',
        /securityContext/,
      ],
      [
        'admission webhook "policy.example.com" denied the request: no latest tags',
        /admission webhook refused/,
      ],
      [
        'pods "web-1" is forbidden: unable to create new content in namespace old because it is being terminated',
        /namespace is being deleted/,
      ],
    ];
    for (const [message, advice] of cases) {
      const { text } = toolError(apiError('Forbidden', message, 403));
      expect(text).toMatch(
        /^Refused by the cluster's admission control \(403 Forbidden\), not for lack of permission: /,
      );
      expect(text).toContain(`"${message}"`);
      expect(text).toMatch(advice);
      expect(text).not.toContain('RBAC');
    }
  });

  it('suggests the nearest known kinds for an unknown resource type', () => {
    const error = new KubernetesError('no such type', 'unknown-resource', undefined, undefined, undefined, [
      'pods',
      'podtemplates',
    ]);
    const result = toolError(error, { resourceType: 'podz' });
    expect(result.text).toContain('does not serve "podz"');
    expect(result.text).toContain('Did you mean: pods, podtemplates?');
    expect(result.text).toContain('kubernetes_api_resources');
  });

  it('says a timeout and an unreachable server for what they are', () => {
    expect(toolError(new KubernetesError('no answer within 30000 ms', 'timeout')).text).toMatch(
      /did not answer in time/,
    );
    expect(toolError(new KubernetesError('connection refused', 'unreachable')).text).toMatch(
      /Could not reach the Kubernetes API server \(connection refused\)/,
    );
  });

  it('suggests force for a conflict on apply, and re-reading for other conflicts', () => {
    const conflict = apiError('Conflict', 'Apply failed with 1 conflict: conflict with "kubectl"', 409);
    expect(toolError(conflict, { tool: 'kubernetes_apply' }).text).toContain('force: true');
    expect(toolError(conflict, { tool: 'kubernetes_patch' }).text).not.toContain('force');
  });

  it('lists the field causes of an Invalid answer', () => {
    const invalid = apiError('Invalid', 'Deployment.apps "web" is invalid', 422, {
      causes: [{ field: 'spec.replicas', message: 'must be greater than or equal to 0' }],
    });
    expect(toolError(invalid).text).toContain('spec.replicas: must be greater than or equal to 0');
  });

  it('passes policy refusals and usage errors through as they are', () => {
    expect(toolError(new KubernetesError('Namespace "x" is outside', 'not-allowed')).text).toBe(
      'Namespace "x" is outside',
    );
    expect(toolError(new UsageError('no rollout history found'))).toEqual({
      text: 'no rollout history found',
      isError: true,
    });
  });

  it('never lets a token through, whatever the message carries', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl';
    const leaky = new ClusterConfigError(
      `request with Authorization: Bearer ${jwt} failed; token=abc123 password: hunter2`,
    );
    const text = toolError(leaky).text;
    expect(text).toMatch(/^The tool failed: request with Authorization: Bearer <redacted> failed/);
    expect(text).not.toContain(jwt);
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('hunter2');
    expect(redactCredentials(`id_token ${jwt}`)).toBe('id_token <redacted token>');
  });

  it('names the object a failed request was about, over what the call arguments said', () => {
    const notFound = apiError('NotFound', 'deployments.apps "webb" not found', 404, { name: 'webb' });
    const failure = new TargetedFailure(notFound, {
      resource: deployments,
      name: 'webb',
      namespace: 'team-b',
    });
    const text = toolError(failure, callTarget('kubernetes_get', { resourceType: 'deploy', name: 'x' })).text;
    expect(text).toContain('Deployment "webb" not found in namespace "team-b"');
  });

  it('answers a bug of ours with a plain sentence, handing the details to the log', () => {
    const reported: unknown[] = [];
    const bug = new TypeError("Cannot read properties of undefined (reading 'items')");
    const result = toolError(bug, callTarget('kubernetes_list', {}), (error) => reported.push(error));
    expect(result).toEqual({
      isError: true,
      text: "kubernetes_list failed unexpectedly; the error is in the server's log. Try again, or report it.",
    });
    expect(reported).toEqual([bug]);
  });

  it('says a cancelled call failed, without calling it a bug', () => {
    const reported: unknown[] = [];
    const cancelled = new DOMException('This operation was aborted', 'AbortError');
    expect(toolError(cancelled, {}, (error) => reported.push(error)).text).toBe(
      'The tool failed: This operation was aborted',
    );
    expect(reported).toEqual([]);
  });
});
