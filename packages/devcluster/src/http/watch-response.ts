// A watch answered as a chunked stream of JSON events (each object a Table row when the client asked for
// Tables), or of length-prefixed protobuf WatchEvents when the client asked for protobuf.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceTarget } from '../api/resource-handlers.js';
import { internalError } from '../api/status.js';
import { startWatch, type WatchEvent } from '../api/watch-stream.js';
import { encodeWatchFrame, PROTOBUF_MEDIA_TYPE, ProtobufError } from '../protobuf/index.js';
import { toTable } from '../table/index.js';
import type { KubeObject } from '../types.js';
import type { ApiServerContext } from './api-server-context.js';
import { includeObjectOf } from './object-response.js';
import type { ResponseFormat } from './response-format.js';

/** An event whose object the schema cannot hold becomes an ERROR event, as a failed encode does in Go. */
function protobufFrame(type: string, object: KubeObject): Buffer {
  try {
    return encodeWatchFrame(type, object);
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    return encodeWatchFrame(
      'ERROR',
      internalError(`unable to encode the watch event: ${error.message}`).status as unknown as KubeObject,
    );
  }
}

export function serveWatch(
  context: ApiServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  format: ResponseFormat,
): void {
  const includeObject = includeObjectOf(query);
  // Like kube-apiserver, only the first Table of a watch carries the column definitions.
  let headersSent = false;
  const asTable = (object: KubeObject) => {
    const table = toTable(target.resource, [object], {
      includeObject,
      now: context.now(),
      crd: context.cluster.registry.crdOf(target.resource),
      listMeta: { resourceVersion: object.metadata.resourceVersion },
      noHeaders: headersSent,
    });
    headersSent = true;
    return table;
  };
  const open = () => {
    if (response.headersSent) return;
    response.writeHead(200, {
      'Content-Type': format === 'protobuf' ? `${PROTOBUF_MEDIA_TYPE};stream=watch` : 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    response.flushHeaders();
  };
  const sink = {
    send(event: WatchEvent) {
      open();
      const object =
        format === 'table' &&
        (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED')
          ? asTable(event.object)
          : event.object;
      if (format === 'protobuf') response.write(protobufFrame(event.type, object));
      else response.write(`${JSON.stringify({ type: event.type, object })}\n`);
    },
    end() {
      open();
      response.end();
    },
  };
  // Bad parameters throw here, before anything is sent, and get a plain error answer.
  const stop = startWatch(context.cluster, target, query, sink, context.watch);
  // Headers go out at once: clients take them as "the watch is established".
  open();
  request.on('close', stop);
}
