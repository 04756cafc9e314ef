import { createServer } from 'node:net';

/**
 * A loopback port nobody listens on right now: the kernel picks it, and the caller's program binds
 * it a moment later (for programs that must be told their port, such as redis-server or a server
 * whose public URL is known before it starts).
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
