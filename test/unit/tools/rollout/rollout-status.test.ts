import { describe, expect, it } from 'vitest';
import { rolloutState } from '../../../../src/tools/rollout/rollout-status.js';

function deployment(status: Record<string, unknown>, generation = 2) {
  return { kind: 'Deployment', metadata: { name: 'web', generation }, spec: { replicas: 3 }, status };
}

describe('rollout status', () => {
  it('waits until the new spec is observed', () => {
    expect(rolloutState(deployment({ observedGeneration: 1 }))).toEqual({
      done: false,
      message: 'Waiting for deployment spec update to be observed...',
    });
  });

  it('words each stage of a deployment rollout as kubectl does', () => {
    const observed = { observedGeneration: 2 };
    expect(rolloutState(deployment({ ...observed, updatedReplicas: 1, replicas: 4 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(rolloutState(deployment({ ...observed, updatedReplicas: 3, replicas: 4 })).message).toContain(
      '1 old replicas are pending termination',
    );
    expect(
      rolloutState(deployment({ ...observed, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }))
        .message,
    ).toContain('2 of 3 updated replicas are available');
    expect(
      rolloutState(deployment({ ...observed, updatedReplicas: 3, replicas: 3, availableReplicas: 3 })),
    ).toEqual({
      done: true,
      message: 'deployment "web" successfully rolled out',
    });
  });

  it('fails a deployment past its progress deadline', () => {
    const stuck = deployment({
      observedGeneration: 2,
      conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }],
    });
    expect(rolloutState(stuck)).toMatchObject({ done: false, failed: true });
  });

  it('refuses OnDelete statefulsets and daemonsets', () => {
    const onDelete = {
      metadata: { name: 'db', generation: 1 },
      spec: { updateStrategy: { type: 'OnDelete' } },
    };
    expect(rolloutState({ kind: 'StatefulSet', ...onDelete })).toMatchObject({ failed: true });
    expect(rolloutState({ kind: 'DaemonSet', ...onDelete })).toMatchObject({ failed: true });
  });
});
