import WebSocket from 'ws';

// A Chrome DevTools Protocol session with a Node.js process started with --inspect=127.0.0.1:<port>:
// what the memory benchmark needs to collect garbage in the server and read or snapshot its heap.

interface ProtocolMessage {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

async function debuggerUrl(port: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      const url = targets[0]?.webSocketDebuggerUrl;
      if (url) return url;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<string, (params: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(JSON.parse(data.toString()) as ProtocolMessage));
  }

  static async connect(port: number): Promise<InspectorSession> {
    const socket = new WebSocket(await debuggerUrl(port), { maxPayload: 0 });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new InspectorSession(socket);
  }

  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** One listener per event name (the last one set wins). */
  on(method: string, listener: (params: unknown) => void): void {
    this.listeners.set(method, listener);
  }

  close(): void {
    this.socket.close();
  }

  private receive(message: ProtocolMessage): void {
    if (message.id === undefined) {
      if (message.method) this.listeners.get(message.method)?.(message.params);
      return;
    }
    const waiting = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(message.error.message));
    else waiting?.resolve(message.result);
  }
}

/** Heap used after a full garbage collection in the inspected process, in bytes. */
export async function heapUsedAfterGc(session: InspectorSession): Promise<number> {
  // Two collections: the first may only queue finalizers whose objects the second frees.
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return usedSize;
}
