// pods/portforward: the upgrade kube-apiserver proxies to the kubelet, in the three forms clients use.
// - WebSocket with a `SPDY/3.1+portforward.k8s.io` subprotocol (kubectl 1.31+): the apiserver's
//   tunneling handler; the WebSocket's binary messages carry a SPDY/3.1 byte stream.
// - WebSocket with channel framing (client libraries): the kubelet's v4 channel protocol.
// - `Upgrade: SPDY/3.1` (older kubectl, and kubectl's fallback): SPDY on the raw connection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { badRequest } from '../api/status.js';
import { assignedNode, noHostAssigned } from '../pods/container-selection.js';
import { refuseUpgrade, rejectUpgrade } from '../pods/pod-exec.js';
import { sendStatus } from '../pods/status-response.js';
import type { KubeObject } from '../types.js';
import { serveChannelPortForward, V4_BASE64_PROTOCOL, V4_BINARY_PROTOCOL } from './channel-port-forward.js';
import { parseForwardPorts } from './forward-ports.js';
import { openForward, type PortOpener } from './forward-target.js';
import { portForwardStreams } from './spdy-port-forward.js';
import { type ByteTransport, SpdyServerSession } from './spdy-session.js';

/** The SPDY subprotocol of port-forward, the only one the kubelet speaks. */
const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
const TUNNELING_PREFIX = 'SPDY/3.1+';
const TUNNELING_PROTOCOL = `${TUNNELING_PREFIX}${PORT_FORWARD_PROTOCOL}`;
const CHANNEL_PROTOCOLS = [V4_BINARY_PROTOCOL, V4_BASE64_PROTOCOL];

function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);
}

// `ws` refuses subprotocols that are not RFC 7230 tokens, and `SPDY/3.1+...` has a slash (gorilla,
// kube-apiserver's library, does not check). So the tunnel's handshake drops the request's
// subprotocol header before `ws` reads it and names the agreed subprotocol in the answer itself.
const tunnelServer = new WebSocketServer({ noServer: true });
tunnelServer.on('headers', (headers) => headers.push(`Sec-WebSocket-Protocol: ${TUNNELING_PROTOCOL}`));
const channelServer = new WebSocketServer({
  noServer: true,
  // x/net/websocket's choice: the first offered subprotocol the server speaks.
  handleProtocols: (offered) =>
    [...offered].find((protocol) => CHANNEL_PROTOCOLS.includes(protocol)) ?? false,
});

/** Runs a SPDY session whose bytes travel as binary WebSocket messages. */
function tunnelSession(ws: WebSocket, open: PortOpener): void {
  const transport: ByteTransport = {
    write: (bytes) => ws.send(bytes, { binary: true }),
    close: () => ws.close(1000),
  };
  const session = new SpdyServerSession(transport, portForwardStreams(open));
  ws.on('error', () => ws.terminate());
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    // The tunnel carries bytes only; a text message is a broken client.
    if (isBinary) session.receive(data);
    else session.close();
  });
  ws.on('close', () => session.close());
}

/** Runs a SPDY session on the upgraded connection itself. */
function socketSession(socket: Duplex, head: Buffer, open: PortOpener) {
  const transport: ByteTransport = {
    write: (bytes) => socket.write(bytes),
    close: () => socket.end(),
  };
  const session = new SpdyServerSession(transport, portForwardStreams(open));
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`,
  );
  if (head.length > 0) session.receive(head);
  socket.on('data', (chunk: Buffer) => session.receive(chunk));
  socket.on('close', () => session.close());
}

/** The SPDY subprotocols a client asks for, in any of the headers that carry them. */
function requestedSpdyProtocols(request: IncomingMessage): string[] {
  const header = request.headers['x-stream-protocol-version'];
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.flatMap((value) => value.split(',')).map((value) => value.trim());
}

/**
 * Answers an upgrade request for pods/portforward on `pod`, from the server's `upgrade` event.
 * The caller has found the pod and authorized the request (execVerbs in exec-authorization.ts).
 */
export function handlePortForwardUpgrade(
  pod: KubeObject,
  query: URLSearchParams,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  now: () => Date,
): void {
  if (!assignedNode(pod)) {
    rejectUpgrade(socket, noHostAssigned(pod));
    return;
  }
  const open: PortOpener = (port) => openForward(pod, port, now);
  const upgrade = (request.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket') {
    const offered = offeredProtocols(request);
    const tunneled = offered.filter((protocol) => protocol.startsWith(TUNNELING_PREFIX));
    if (tunneled.length > 0) {
      if (!tunneled.includes(TUNNELING_PROTOCOL)) {
        const asked = tunneled.map((protocol) => protocol.slice(TUNNELING_PREFIX.length)).join(' ');
        const text = `unable to upgrade: unable to negotiate protocol: client supports [${asked}], server supports [${PORT_FORWARD_PROTOCOL}]`;
        refuseUpgrade(socket, 403, 'text/plain; charset=utf-8', `${text}\n`);
        return;
      }
      delete request.headers['sec-websocket-protocol'];
      tunnelServer.handleUpgrade(request, socket, head, (ws) => tunnelSession(ws, open));
      return;
    }
    const ports = parseForwardPorts(query);
    if (typeof ports === 'string') {
      refuseUpgrade(socket, 400, 'text/plain; charset=utf-8', `${ports}\n`);
      return;
    }
    if (offered.length > 0 && !offered.some((protocol) => CHANNEL_PROTOCOLS.includes(protocol))) {
      // x/net/websocket's answer to a handshake that finds no common subprotocol: a bare 403.
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    channelServer.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      serveChannelPortForward(ws, ports, ws.protocol === V4_BASE64_PROTOCOL, open);
    });
    return;
  }
  if (upgrade === 'spdy/3.1') {
    const asked = requestedSpdyProtocols(request);
    if (asked.length > 0 && !asked.includes(PORT_FORWARD_PROTOCOL)) {
      const text = `unable to upgrade: unable to negotiate protocol: client supports [${asked.join(' ')}], server supports [${PORT_FORWARD_PROTOCOL}]`;
      refuseUpgrade(socket, 403, 'text/plain; charset=utf-8', `${text}\n`);
      return;
    }
    socketSession(socket, head, open);
    return;
  }
  refuseUpgrade(
    socket,
    400,
    'text/plain; charset=utf-8',
    'unable to upgrade: missing upgrade headers in request\n',
  );
}

/**
 * A pods/portforward request without an upgrade: the apiserver's checks, then its
 * UpgradeAwareHandler's refusal (port-forward is proxied with upgradeRequired).
 */
export function servePlainPortForward(pod: KubeObject, response: ServerResponse): void {
  sendStatus(response, assignedNode(pod) ? badRequest('Upgrade request required') : noHostAssigned(pod));
}
