import { describe, expect, it } from 'vitest';
import { PODS } from '../../../src/controllers/objects.js';
import type { KubeObject } from '../../../src/types.js';
import { testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

// Pods created directly through the API (kubectl run, Helm's test hooks), with no controller.
const barePod = (name: string, restartPolicy?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...(restartPolicy && { restartPolicy }) },
});

const statusOf = (pod: KubeObject) => ({
  nodeName: (pod.spec as { nodeName?: string }).nodeName,
  phase: (pod.status as { phase?: string }).phase,
});

describe('pods created through the API', () => {
  it('arrive Pending, then are scheduled and run', async () => {
    const test = start();
    const created = test.create('', 'pods', barePod('server'));
    expect(statusOf(created)).toEqual({ nodeName: undefined, phase: 'Pending' });
    await test.controllers.idle();

    expect(statusOf(test.get(PODS, 'server'))).toEqual({
      nodeName: expect.stringMatching(/^worker-/),
      phase: 'Running',
    });
  });

  it('run to completion when they are not restarted, as a test hook does', async () => {
    const test = start();
    test.create('', 'pods', barePod('check', 'Never'));
    test.create('', 'pods', barePod('retry', 'OnFailure'));
    await test.controllers.idle();

    expect(statusOf(test.get(PODS, 'check')).phase).toBe('Succeeded');
    expect(statusOf(test.get(PODS, 'retry')).phase).toBe('Succeeded');
  });
});
