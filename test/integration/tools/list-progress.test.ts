import { afterAll, beforeAll, expect, it } from 'vitest';
import { ok, startToolCluster, type ToolCluster } from './tool-harness.js';

// A summary over many pages reports progress after each page it reads (500 items a page).

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster({ pods: 1100 });
});
afterAll(() => cluster.stop());

it('reports the items read so far while a summary pages through a large list', async () => {
  cluster.call.progress.length = 0;
  const text = ok(
    await cluster.call('kubernetes_list', { resourceType: 'pods', allNamespaces: true, summary: true }),
  );
  expect(text).toMatch(/total: 1\d{3}/);
  expect(cluster.call.progress.map((update) => update.progress)).toEqual([500, 1000]);
  expect(cluster.call.progress[0]?.message).toBe('500 pods read');
});
