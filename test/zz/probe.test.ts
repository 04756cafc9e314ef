import { it } from 'vitest';
import { startToolCluster } from '../integration/tools/tool-harness.js';

it('probe', async () => {
  const c = await startToolCluster();
  const show = async (name: string, args: Record<string, unknown>) => {
    const a = (await c.call(name, args)) as { text?: string };
    console.log(`>>> ${name} ${JSON.stringify(args)}\n${(a.text ?? JSON.stringify(a)).slice(0, 2500)}`);
  };
  try {
    await show('kubernetes_list', { resourceType: 'pods', allNamespaces: true });
    await show('kubernetes_create', { namespace: 'team-a', object: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 } } });
    await new Promise((r) => setTimeout(r, 500));
    await show('kubernetes_describe', { resourceType: 'hpa', name: 'web', namespace: 'team-a' });
    await show('kubernetes_list', { resourceType: 'hpa', namespace: 'team-a' });
  } finally {
    await c.stop();
  }
}, 60000);
