import { describe, expect, it } from 'vitest';
import { serverSideApply } from '../../../src/apply/index.js';
import type { KubeObject } from '../../../src/types.js';
import { thrownApiError } from '../../helpers/api-error-fixtures.js';

const NOW = new Date('2024-05-01T10:00:00Z');

function deployment(spec: Record<string, unknown>, container: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...container }] },
      },
      ...spec,
    },
  };
}

const applyMessage = (object: KubeObject) =>
  thrownApiError(() => serverSideApply(undefined, object, { manager: 'helm', force: false, now: NOW }))
    .message;

const PREFIX = 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): ';

describe('server-side apply of scalars of the wrong kind', () => {
  it('refuses a string where the schema wants a number', () => {
    expect(applyMessage(deployment({ replicas: 'three' }))).toBe(
      `${PREFIX}.spec.replicas: expected numeric (int or float), got string`,
    );
  });

  it('refuses a number where the schema wants a string, printed as Go prints it', () => {
    expect(applyMessage(deployment({}, { image: 3 }))).toBe(
      `${PREFIX}.spec.template.spec.containers[name="web"].image: expected string, got &value.valueUnstructured{Value:3}`,
    );
  });

  it('refuses a string where the schema wants a boolean', () => {
    expect(applyMessage(deployment({ paused: 'yes' }))).toBe(
      `${PREFIX}.spec.paused: expected boolean, got &{yes}`,
    );
  });

  it('accepts numbers and strings for int-or-string fields and quantities', () => {
    const object = deployment(
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } },
      { resources: { limits: { cpu: 1, memory: '64Mi' } } },
    );
    const applied = serverSideApply(undefined, object, { manager: 'helm', force: false, now: NOW });

    expect(applied.spec).toMatchObject({ strategy: { rollingUpdate: { maxSurge: 1 } } });
  });
});
