import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../../src/api/status.js';
import { applyPatch } from '../../../src/patch/patch-object.js';
import type { KubeObject } from '../../../src/types.js';
import { thrownApiError } from '../../helpers/api-error-fixtures.js';

const BUILT_IN = { isCustomResource: false };
const CUSTOM = { isCustomResource: true };

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team-a', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
            { name: 'sidecar', image: 'side:1' },
          ],
        },
      },
    },
  };
}

function widget(): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w1', namespace: 'team-a' },
    spec: { size: 1 },
  };
}

function patch(object: KubeObject, contentType: string, body: unknown, options = BUILT_IN): KubeObject {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return applyPatch(object, contentType, Buffer.from(text), options);
}

function statusOf(action: () => unknown): ApiError['status'] {
  return thrownApiError(action).status;
}

describe('applyPatch', () => {
  it('applies a merge patch whose content type carries a charset', () => {
    const patched = patch(deployment(), 'application/merge-patch+json; charset=utf-8', {
      spec: { replicas: 3 },
    });
    expect(patched.spec).toMatchObject({ replicas: 3 });
  });

  it('applies a json patch and a strategic merge patch', () => {
    const byJson = patch(deployment(), 'application/json-patch+json', [
      { op: 'replace', path: '/spec/replicas', value: 2 },
    ]);
    expect(byJson.spec).toMatchObject({ replicas: 2 });
    const byStrategy = patch(deployment(), 'application/strategic-merge-patch+json', {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } },
    });
    expect(byStrategy.spec).toMatchObject({
      template: { spec: { containers: [{ name: 'app', image: 'app:2' }, { name: 'sidecar' }] } },
    });
  });

  it('refuses a json-patch test that fails with 422 and the generic Invalid message', () => {
    const status = statusOf(() =>
      patch(deployment(), 'application/json-patch+json', [{ op: 'test', path: '/spec/replicas', value: 5 }]),
    );
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: {},
    });
  });

  it('answers a json patch through a missing path with 422', () => {
    const status = statusOf(() =>
      patch(deployment(), 'application/json-patch+json', [
        { op: 'add', path: '/status/replicas/x', value: 1 },
      ]),
    );
    expect(status.code).toBe(422);
  });

  it('answers a json patch that is not a list with the decode error as 400', () => {
    const status = statusOf(() => patch(deployment(), 'application/json-patch+json', { op: 'add' }));
    expect(status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    });
  });

  it('answers malformed JSON with 400 and Go json messages', () => {
    expect(statusOf(() => patch(deployment(), 'application/merge-patch+json', '{"spec":'))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'error decoding patch: unexpected end of JSON input',
    });
    expect(
      statusOf(() => patch(deployment(), 'application/strategic-merge-patch+json', '{spec}')).message,
    ).toBe("invalid character 's' looking for beginning of object key string");
    expect(statusOf(() => patch(deployment(), 'application/json-patch+json', '[1,]')).message).toBe(
      "error decoding patch: invalid character ']' looking for beginning of value",
    );
  });

  it('answers a merge patch that is a list or null with 400', () => {
    expect(statusOf(() => patch(deployment(), 'application/merge-patch+json', [])).message).toBe(
      'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect(statusOf(() => patch(deployment(), 'application/merge-patch+json', 'null')).message).toBe(
      'Invalid JSON Patch',
    );
  });

  it('answers a strategic merge patch on a custom resource with 415 listing the accepted types', () => {
    const status = statusOf(() =>
      patch(widget(), 'application/strategic-merge-patch+json', { spec: {} }, CUSTOM),
    );
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  });

  it('answers an unknown patch type on a built-in resource with the router 415', () => {
    expect(statusOf(() => patch(deployment(), 'text/plain', '{}'))).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message: '415: Unsupported Media Type',
    });
  });

  it('refuses a rename with 400', () => {
    const status = statusOf(() =>
      patch(deployment(), 'application/merge-patch+json', { metadata: { name: 'other' } }),
    );
    expect(status).toMatchObject({
      code: 400,
      message: 'the name of the object (other) does not match the name on the URL (web)',
    });
  });

  it('refuses a move to another namespace with 400 and restores a removed namespace', () => {
    const moved = statusOf(() =>
      patch(deployment(), 'application/merge-patch+json', { metadata: { namespace: 'x' } }),
    );
    expect(moved).toMatchObject({
      code: 400,
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
    const cleared = patch(deployment(), 'application/merge-patch+json', { metadata: { namespace: null } });
    expect(cleared.metadata.namespace).toBe('team-a');
  });

  it('answers a kind change of a built-in object with 422 from the decoder', () => {
    const status = statusOf(() => patch(deployment(), 'application/merge-patch+json', { kind: 'Gadget' }));
    expect(status.code).toBe(422);
    expect(status.message).toContain('no kind "Gadget" is registered for version "apps/v1"');
  });

  it('keeps the kind of a built-in object under a strategic merge patch', () => {
    expect(patch(deployment(), 'application/strategic-merge-patch+json', { kind: 'Gadget' }).kind).toBe(
      'Deployment',
    );
  });

  it('answers a kind change of a custom resource with 422 Invalid on kind', () => {
    const status = statusOf(() =>
      patch(
        widget(),
        'application/json-patch+json',
        [{ op: 'replace', path: '/kind', value: 'Gadget' }],
        CUSTOM,
      ),
    );
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Gadget.example.com "w1" is invalid: kind: Invalid value: "Gadget": must be Widget',
    });
  });

  it('accepts the three-way patch kubectl apply sends, with order lists and deletions', () => {
    const body = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
            containers: [
              { image: 'side:2', name: 'sidecar' },
              {
                '$setElementOrder/env': [{ name: 'B' }, { name: 'C' }],
                args: ['--y'],
                env: [
                  { name: 'B', value: '2' },
                  { name: 'C', value: '3' },
                  { $patch: 'delete', name: 'A' },
                ],
                name: 'app',
              },
            ],
          },
        },
      },
    };
    const patched = patch(deployment(), 'application/strategic-merge-patch+json', body);
    const podSpec = (patched.spec as { template: { spec: { containers: unknown[] } } }).template.spec;
    expect(podSpec.containers).toEqual([
      { name: 'sidecar', image: 'side:2' },
      {
        name: 'app',
        image: 'app:1',
        args: ['--y'],
        env: [
          { name: 'B', value: '2' },
          { name: 'C', value: '3' },
        ],
      },
    ]);
    expect(patched.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
    });
  });
});
