import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../src/api/builtin-resources.js';
import { validateFields } from '../../../src/api/field-validation.js';
import type { KubeObject, ResourceType } from '../../../src/types.js';

const deployments = BUILTIN_RESOURCES.find((r) => r.plural === 'deployments') as ResourceType;

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicass: 2,
      template: {
        spec: {
          containers: [{ name: 'a', image: 'nginx', imagee: 'x', resources: { limits: { cpu: '1' } } }],
        },
      },
    },
  };
}

function run(mode: string | undefined, object = deployment()) {
  const warnings: string[] = [];
  const query = new URLSearchParams(mode === undefined ? {} : { fieldValidation: mode });
  const request = {
    query,
    userAgent: undefined,
    now: new Date(),
    warn: (message: string) => warnings.push(message),
  };
  validateFields(deployments, object, request, 'CreateOptions');
  return { object, warnings };
}

describe('fieldValidation', () => {
  it('Strict refuses every field the schema lacks, named by its path', () => {
    expect(() => run('Strict')).toThrow(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
        'unknown field "spec.replicass", unknown field "spec.template.spec.containers[0].imagee"',
    );
  });

  it('Warn (the default) drops them with a warning each; map keys and declared fields stay', () => {
    for (const mode of [undefined, 'Warn']) {
      const { object, warnings } = run(mode);
      expect(warnings).toEqual([
        'unknown field "spec.replicass"',
        'unknown field "spec.template.spec.containers[0].imagee"',
      ]);
      expect(object.spec).toEqual({
        template: {
          spec: { containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '1' } } }] },
        },
      });
      expect(object.metadata.labels).toEqual({ app: 'web' });
    }
  });

  it('Ignore drops them silently, and an unknown mode is refused', () => {
    const { object, warnings } = run('Ignore');
    expect(warnings).toEqual([]);
    expect((object.spec as Record<string, unknown>).replicass).toBeUndefined();
    expect(() => run('Loose')).toThrow(/fieldValidation: Unsupported value: "Loose"/);
  });
});
