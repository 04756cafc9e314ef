import { describe, expect, it } from 'vitest';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';
import { redactCredentials, toolError, UsageError } from '../../../src/tools/error-mapping.js';
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

  it('quotes the RBAC reason of a Forbidden answer and suggests kubernetes_can_i', () => {
    const message =
      'pods is forbidden: User "bob@example.com" cannot delete resource "pods" in the namespace "team-a"';
    const result = toolError(apiError('Forbidden', message, 403));
    expect(result.text).toContain(`"${message}"`);
    expect(result.text).toContain('kubernetes_can_i');
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
    const leaky = new Error(
      `request with Authorization: Bearer ${jwt} failed; token=abc123 password: hunter2`,
    );
    const text = toolError(leaky).text;
    expect(text).not.toContain(jwt);
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('hunter2');
    expect(redactCredentials(`id_token ${jwt}`)).toBe('id_token <redacted token>');
  });
});
