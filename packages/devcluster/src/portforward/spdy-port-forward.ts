// Port-forward over SPDY streams, as the kubelet's httpstream handler serves it: per forwarded
// connection the client opens an `error` and a `data` stream with the same `port` and
// `requestID` headers; once both are there the data stream is joined to the container's port
// and the error stream carries a failure message, if any. Each stream is half-closed when done.
import type { PortOpener } from './forward-target.js';
import { RstStatus } from './spdy-frames.js';
import { headerValue } from './spdy-header-block.js';
import type { SpdyStream } from './spdy-session.js';

interface StreamPair {
  error?: SpdyStream;
  data?: SpdyStream;
}

/** The port a stream names, or undefined when the kubelet would refuse the stream. */
function streamPort(stream: SpdyStream): number | undefined {
  const text = headerValue(stream.headers, 'port') ?? '';
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Clients before requestID paired streams by id: the data stream follows its error stream. */
function requestIdOf(stream: SpdyStream, type: 'error' | 'data'): string {
  return headerValue(stream.headers, 'requestid') ?? String(type === 'error' ? stream.id : stream.id - 2);
}

function forward(port: number, error: SpdyStream, data: SpdyStream, open: PortOpener) {
  // The kubelet closes the error stream first, then the data stream.
  const finish = () => {
    error.end();
    data.end();
  };
  const outcome = open(port);
  if (typeof outcome === 'string') {
    error.write(Buffer.from(outcome));
    finish();
    return;
  }
  outcome.onData = (bytes) => data.write(bytes);
  outcome.onEnd = finish;
  data.onData = (bytes) => outcome.write(bytes);
  data.onEnd = () => outcome.end();
  data.onReset = () => {
    outcome.destroy();
    error.end();
  };
}

/** The session's stream handler: accepts, pairs and forwards the streams a client opens. */
export function portForwardStreams(open: PortOpener): (stream: SpdyStream) => void {
  const pending = new Map<string, StreamPair>();
  return (stream) => {
    const type = headerValue(stream.headers, 'streamtype');
    const port = streamPort(stream);
    if ((type !== 'error' && type !== 'data') || port === undefined) {
      stream.reset(RstStatus.PROTOCOL_ERROR);
      return;
    }
    const requestId = requestIdOf(stream, type);
    const pair = pending.get(requestId) ?? {};
    if (pair[type]) {
      stream.reset(RstStatus.PROTOCOL_ERROR);
      return;
    }
    pair[type] = stream;
    stream.accept();
    const { error, data } = pair;
    if (!error || !data) {
      pending.set(requestId, pair);
      // A half pair whose stream goes away is forgotten with it.
      stream.onReset = () => pending.delete(requestId);
      return;
    }
    pending.delete(requestId);
    error.onReset = () => {};
    data.onReset = () => {};
    forward(port, error, data, open);
  };
}
