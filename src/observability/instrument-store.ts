import type { Store } from '../storage/index.js';
import type { ServerMetrics } from './metrics.js';

type TimedOperation = Exclude<keyof Store, 'close'>;

const OPERATIONS: readonly TimedOperation[] = [
  'put',
  'get',
  'list',
  'update',
  'delete',
  'consumeOnce',
  'useOnce',
  'rotate',
  'deleteGroup',
  'incrementBelow',
  'tryLock',
];

/**
 * The same store, with each operation's latency and outcome recorded in
 * `mcp_kubernetes_store_operation_duration_seconds{operation,outcome}`.
 */
export function instrumentStore(store: Store, metrics: ServerMetrics): Store {
  const timed = (operation: TimedOperation) => {
    const original = store[operation] as (...args: unknown[]) => Promise<unknown>;
    return async (...args: unknown[]) => {
      const stop = metrics.storeOperationDuration.startTimer({ operation });
      try {
        const result = await original.apply(store, args);
        stop({ outcome: 'ok' });
        return result;
      } catch (error) {
        stop({ outcome: 'error' });
        throw error;
      }
    };
  };
  const instrumented = Object.fromEntries(OPERATIONS.map((operation) => [operation, timed(operation)]));
  return { ...instrumented, close: () => store.close() } as Store;
}
