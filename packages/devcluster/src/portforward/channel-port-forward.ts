// Port-forward over a WebSocket with channel framing, as the kubelet serves it to client libraries
// (v4.channel.k8s.io, v4.base64.channel.k8s.io, or no subprotocol): the i-th port of `?ports=`
// gets data channel 2i and error channel 2i+1; each channel's first message is the port as two
// little-endian bytes. The socket closes once every port's connection has ended.
import type { WebSocket } from 'ws';
import type { PortOpener } from './forward-target.js';

export const V4_BINARY_PROTOCOL = 'v4.channel.k8s.io';
export const V4_BASE64_PROTOCOL = 'v4.base64.channel.k8s.io';

/** The message for `data` on `channel`: a leading channel byte, or a digit and base64 text. */
export function channelMessage(channel: number, data: Buffer, base64: boolean): Buffer | string {
  if (base64) return `${String.fromCharCode(48 + channel)}${data.toString('base64')}`;
  return Buffer.concat([Buffer.from([channel]), data]);
}

/** The channel and payload of a client message; undefined for an empty or undecodable one. */
export function parseChannelMessage(
  message: Buffer,
  base64: boolean,
): { channel: number; data: Buffer } | undefined {
  if (message.length === 0) return undefined;
  if (!base64) return { channel: message[0] ?? 0, data: message.subarray(1) };
  const channel = (message[0] ?? 0) - 48;
  const text = message.toString('latin1', 1);
  if (channel < 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return { channel, data: Buffer.from(text, 'base64') };
}

/** The two-byte little-endian port every channel starts with. */
export function portPreamble(port: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(port);
  return bytes;
}

/** Runs a channel port-forward session on an open WebSocket. */
export function serveChannelPortForward(
  ws: WebSocket,
  ports: number[],
  base64: boolean,
  open: PortOpener,
): void {
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(channelMessage(channel, data, base64));
  };
  ports.forEach((port, index) => {
    send(index * 2, portPreamble(port));
    send(index * 2 + 1, portPreamble(port));
  });
  let remaining = ports.length;
  const portDone = () => {
    remaining -= 1;
    if (remaining === 0) ws.close(1000);
  };
  const connections = ports.map((port, index) => {
    const outcome = open(port);
    if (typeof outcome === 'string') {
      send(index * 2 + 1, Buffer.from(outcome));
      portDone();
      return undefined;
    }
    outcome.onData = (bytes) => send(index * 2, bytes);
    outcome.onEnd = portDone;
    return outcome;
  });
  ws.on('message', (message: Buffer, isBinary: boolean) => {
    const parsed = parseChannelMessage(message, base64 && !isBinary);
    // Only data channels are readable; anything else is dropped, as the kubelet drops it.
    if (!parsed || parsed.channel % 2 !== 0) return;
    connections[parsed.channel / 2]?.write(parsed.data);
  });
  ws.on('close', () => {
    for (const connection of connections) connection?.destroy();
  });
}
