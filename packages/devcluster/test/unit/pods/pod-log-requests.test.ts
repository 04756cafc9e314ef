import { describe, expect, it } from 'vitest';
import { containerRun } from '../../../src/pods/container-runs.js';
import { selectContainer } from '../../../src/pods/container-selection.js';
import { parseLogOptions } from '../../../src/pods/log-options.js';
import type { ContainerStatus } from '../../../src/pods/pod-shape.js';
import type { KubeObject } from '../../../src/types.js';
import { thrownApiError } from '../../helpers/api-error-fixtures.js';

function pod(statuses: ContainerStatus[], containers = ['app']): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n' },
    spec: { containers: containers.map((name) => ({ name, image: 'app:1' })), nodeName: 'worker-1' },
    status: { containerStatuses: statuses },
  };
}

function failure(action: () => unknown): { code: number; message: string } {
  const error = thrownApiError(action);
  return { code: error.code, message: error.status.message ?? '' };
}

const CRASHED = {
  terminated: {
    containerID: 'containerd://old',
    exitCode: 1,
    reason: 'Error',
    startedAt: '2026-11-27T10:00:00Z',
    finishedAt: '2026-11-27T10:00:02Z',
  },
};

describe('choosing the container', () => {
  it('takes the only container when none is named', () => {
    expect(selectContainer(pod([]), '')).toBe('app');
  });

  it('asks for a name among several, listing them as Go prints a slice', () => {
    expect(failure(() => selectContainer(pod([], ['app', 'sidecar']), ''))).toEqual({
      code: 400,
      message: 'a container name must be specified for pod p, choose one of: [app sidecar]',
    });
  });

  it('refuses a container the pod does not have', () => {
    expect(failure(() => selectContainer(pod([]), 'x')).message).toBe('container x is not valid for pod p');
  });
});

describe('choosing the run to read, as the kubelet does', () => {
  it('reads the running container', () => {
    const running = {
      name: 'app',
      containerID: 'containerd://now',
      state: { running: { startedAt: '2026-11-27T10:05:00Z' } },
    };
    expect(containerRun(pod([running]), 'app', false)).toEqual({
      id: 'containerd://now',
      startedAt: new Date('2026-11-27T10:05:00Z'),
    });
  });

  it('reads the last terminated run of a crash-looping container, with or without previous', () => {
    const looping = { name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: CRASHED };
    const current = containerRun(pod([looping]), 'app', false);
    expect(current).toMatchObject({ id: 'containerd://old', exitCode: 1, reason: 'Error' });
    expect(containerRun(pod([looping]), 'app', true)).toEqual(current);
  });

  it('refuses previous when no run has terminated', () => {
    const running = { name: 'app', state: { running: { startedAt: '2026-11-27T10:05:00Z' } } };
    expect(failure(() => containerRun(pod([running]), 'app', true))).toEqual({
      code: 400,
      message: 'previous terminated container "app" in pod "p" not found',
    });
  });

  it('says a container that is still being created is waiting to start', () => {
    expect(failure(() => containerRun(pod([]), 'app', false)).message).toBe(
      'container "app" in pod "p" is waiting to start: ContainerCreating',
    );
  });

  it('names image pull failures as the kubelet does', () => {
    const pulling = { name: 'app', state: { waiting: { reason: 'ImagePullBackOff' } } };
    expect(failure(() => containerRun(pod([pulling]), 'app', false)).message).toBe(
      'container "app" in pod "p" is waiting to start: trying and failing to pull image',
    );
  });
});

describe('log options', () => {
  it('reads flags as apimachinery does: present and not false is true', () => {
    const options = parseLogOptions(
      new URLSearchParams('follow&previous=false&timestamps=1&tailLines=5'),
      'p',
    );
    expect(options).toMatchObject({ follow: true, previous: false, timestamps: true, tailLines: 5 });
  });

  it('refuses sinceSeconds together with sinceTime with a 422', () => {
    const query = new URLSearchParams('sinceSeconds=10&sinceTime=2026-11-27T10:00:00Z');
    expect(failure(() => parseLogOptions(query, 'p'))).toEqual({
      code: 422,
      message:
        'PodLogOptions "p" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  });

  it('refuses a non-positive limitBytes', () => {
    expect(failure(() => parseLogOptions(new URLSearchParams('limitBytes=0'), 'p')).message).toBe(
      'PodLogOptions "p" is invalid: limitBytes: Invalid value: 0: must be greater than 0',
    );
  });

  it('refuses a tailLines that is not a number with a 400', () => {
    expect(failure(() => parseLogOptions(new URLSearchParams('tailLines=ten'), 'p')).code).toBe(400);
  });
});
