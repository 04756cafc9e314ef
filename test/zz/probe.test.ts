import { it } from 'vitest';
import { startToolCluster } from '../integration/tools/tool-harness.js';

it('probe', async () => {
  const c = await startToolCluster();
  const show = async (name: string, args: Record<string, unknown>) => {
    const a = (await c.call(name, args)) as { text?: string };
    console.log(`>>> ${name} ${JSON.stringify(args)}\n${(a.text ?? JSON.stringify(a)).slice(0, 1800)}`);
  };
  try {
    await show('kubernetes_logs', { name: 'api-676f68d88-j7jzr', namespace: 'team-a' });
    await show('kubernetes_logs', { name: 'api-676f68d88-j7jzr', namespace: 'team-a', previous: true });
    await show('kubernetes_describe', { resourceType: 'pod', name: 'worker-74957b4744-plh7r', namespace: 'team-b' });
    await show('kubernetes_list', { resourceType: 'events', namespace: 'team-b' });
    await show('kubernetes_list', { resourceType: 'events', namespace: 'team-a', fieldSelector: 'type=Warning' });
  } finally {
    await c.stop();
  }
}, 60000);
