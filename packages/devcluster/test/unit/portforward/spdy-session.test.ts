import { describe, expect, it, vi } from 'vitest';
import { openForward } from '../../../src/portforward/forward-target.js';
import {
  encodeFrame,
  FLAG_FIN,
  FrameReader,
  RstStatus,
  type SpdyFrame,
} from '../../../src/portforward/spdy-frames.js';
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  type SpdyHeaders,
} from '../../../src/portforward/spdy-header-block.js';
import { HeaderCompressor, HeaderDecompressor } from '../../../src/portforward/spdy-header-compression.js';
import { portForwardStreams } from '../../../src/portforward/spdy-port-forward.js';
import { SpdyServerSession } from '../../../src/portforward/spdy-session.js';
import type { KubeObject } from '../../../src/types.js';

const POD: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'team-a', uid: 'u-1' },
  spec: {
    nodeName: 'worker-1',
    containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
  },
  status: { phase: 'Running', containerStatuses: [{ name: 'web', state: { running: {} } }] },
};

/** The client side of a session, as kubectl's spdystream drives it, over an in-memory transport. */
function connect() {
  const reader = new FrameReader();
  const compressor = new HeaderCompressor();
  const frames: SpdyFrame[] = [];
  let closed = false;
  const session = new SpdyServerSession(
    {
      write: (bytes) => {
        reader.push(bytes);
        for (let frame = reader.next(); frame; frame = reader.next()) frames.push(frame);
      },
      close: () => {
        closed = true;
      },
    },
    portForwardStreams((port) => openForward(POD, port, () => new Date())),
  );
  return {
    session,
    frames,
    closed: () => closed,
    async open(streamId: number, headers: SpdyHeaders, flags = 0) {
      const headerBlock = await compressor.compress(encodeHeaderBlock(headers));
      session.receive(
        encodeFrame({ type: 'syn_stream', streamId, associatedStreamId: 0, priority: 0, flags, headerBlock }),
      );
    },
    send(frame: SpdyFrame) {
      session.receive(encodeFrame(frame));
    },
    dataOf(streamId: number): string {
      return frames
        .filter((frame) => frame.type === 'data' && frame.streamId === streamId)
        .map((frame) => (frame.type === 'data' ? frame.data.toString() : ''))
        .join('');
    },
    finished(streamId: number): boolean {
      return frames.some(
        (frame) => frame.type === 'data' && frame.streamId === streamId && frame.flags & FLAG_FIN,
      );
    },
  };
}

/** Opens kubectl's pair of streams for one forwarded connection. */
async function openPair(client: ReturnType<typeof connect>, port: string, first = 1) {
  await client.open(first, { streamtype: ['error'], port: [port], requestid: ['0'] }, FLAG_FIN);
  await client.open(first + 2, { streamtype: ['data'], port: [port], requestid: ['0'] });
}

describe('the SPDY port-forward session', () => {
  it('accepts both streams with empty SYN_REPLYs and forwards HTTP to the container port', async () => {
    const client = connect();
    await openPair(client, '80');
    await vi.waitFor(() =>
      expect(client.frames.filter((frame) => frame.type === 'syn_reply')).toHaveLength(2),
    );
    const decompressor = new HeaderDecompressor();
    for (const frame of client.frames) {
      if (frame.type === 'syn_reply')
        expect(decodeHeaderBlock(await decompressor.decompress(frame.headerBlock))).toEqual({});
    }
    client.send({
      type: 'data',
      streamId: 3,
      flags: 0,
      data: Buffer.from('GET / HTTP/1.1\r\nConnection: close\r\n\r\n'),
    });
    await vi.waitFor(() => expect(client.finished(3)).toBe(true));
    expect(client.dataOf(3)).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.3\r\n/);
    expect(client.finished(1)).toBe(true);
    expect(client.dataOf(1)).toBe('');
  });

  it('writes the runtime error on the error stream for a port nothing listens on', async () => {
    const client = connect();
    await openPair(client, '81');
    await vi.waitFor(() => expect(client.finished(3)).toBe(true));
    expect(client.dataOf(1)).toMatch(
      /^error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]{36}": failed to connect to localhost:81 inside namespace "[0-9a-f]{64}", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: connect: connection refused $/,
    );
    expect(client.finished(1)).toBe(true);
  });

  it('pairs the streams of clients without requestID by stream id', async () => {
    const client = connect();
    await client.open(5, { streamtype: ['error'], port: ['81'] });
    await client.open(7, { streamtype: ['data'], port: ['81'] });
    await vi.waitFor(() => expect(client.dataOf(5)).toContain('connection refused'));
  });

  it('resets streams the kubelet refuses: unknown type, bad port, a second data stream', async () => {
    const client = connect();
    await client.open(1, { streamtype: ['stdin'], port: ['80'] });
    await client.open(3, { streamtype: ['data'], port: ['http'], requestid: ['1'] });
    await client.open(5, { streamtype: ['data'], port: ['80'], requestid: ['2'] });
    await client.open(7, { streamtype: ['data'], port: ['80'], requestid: ['2'] });
    await vi.waitFor(() =>
      expect(client.frames.filter((frame) => frame.type === 'rst_stream')).toHaveLength(3),
    );
    expect(client.frames.filter((frame) => frame.type === 'rst_stream')).toEqual(
      [1, 3, 7].map((streamId) => ({ type: 'rst_stream', streamId, status: RstStatus.PROTOCOL_ERROR })),
    );
  });

  it('answers PING with the same id', async () => {
    const client = connect();
    client.send({ type: 'ping', id: 1 });
    await vi.waitFor(() => expect(client.frames).toEqual([{ type: 'ping', id: 1 }]));
  });

  it('ends with GOAWAY and closes on a protocol error, and closes on the client GOAWAY', async () => {
    const broken = connect();
    broken.session.receive(Buffer.from('8002000100000000', 'hex'));
    await vi.waitFor(() => expect(broken.closed()).toBe(true));
    expect(broken.frames).toEqual([{ type: 'goaway', lastGoodStreamId: 0, status: 1 }]);
    const leaving = connect();
    leaving.send({ type: 'goaway', lastGoodStreamId: 0, status: 0 });
    await vi.waitFor(() => expect(leaving.closed()).toBe(true));
  });

  it('refuses stream ids a client may not use', async () => {
    const client = connect();
    await client.open(2, { streamtype: ['error'], port: ['80'] });
    await vi.waitFor(() => expect(client.closed()).toBe(true));
    expect(client.frames.at(-1)).toMatchObject({ type: 'goaway', status: 1 });
  });
});
