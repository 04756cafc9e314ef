import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';

/**
 * How long a request body may stop arriving before it is refused with 408. A body cut short (a
 * Content-Length larger than what was sent) is otherwise waited for until Node's request timeout,
 * five minutes, with nothing answered. The timeout is between two arrivals, not for the whole body, so
 * a slow but steady upload is not cut; 5 s stays below the usual client timeouts (10 s and more), so
 * the client reads the refusal rather than giving up.
 */
export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 5000;

/** A body is announced by Content-Length (above 0) or Transfer-Encoding (RFC 9112 §6.3). */
function announcesBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * An answer sent before the body has arrived closes the connection: otherwise Node keeps reading
 * (and discarding) a body no one will use, on a connection kept open for it, forever if the body never
 * comes. Answering early is right for a body the server will not read (wrong type, too large, refused
 * before reading); the client learns at once and its connection is not left open.
 */
function closeConnectionOnEarlyAnswer(req: IncomingMessage, res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    if (!req.complete && !res.hasHeader('connection')) res.setHeader('Connection', 'close');
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}

/**
 * A body that stops arriving for `idleMs` is refused with 408 and its connection closed; if an answer
 * is already under way, the connection is cut. Body parsers that failed (too large, not decodable) wait
 * for the rest of the body before answering, so this also bounds those waits. The watch uses the
 * socket's idle timeout and gives it back: turned off once the body has arrived (as Node leaves it
 * while a request is served), and left alone once the answer is done, when the socket's timeout is
 * the server's keep-alive timeout (turning that off left an idle connection open for good).
 */
function refuseStalledBody(req: IncomingMessage, res: Response, idleMs: number): void {
  const stopWatching = () => {
    req.off('timeout', refuse);
    req.off('end', arrived);
    res.off('close', stopWatching);
  };
  const arrived = () => {
    stopWatching();
    req.setTimeout(0);
  };
  function refuse() {
    arrived();
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    res
      .status(408)
      .set({ Connection: 'close', 'Cache-Control': 'no-store' })
      .json({
        error: 'invalid_request',
        error_description: `the request body stopped arriving for ${idleMs / 1000} s`,
      });
  }
  req.setTimeout(idleMs, refuse);
  req.once('end', arrived);
  res.once('close', stopWatching);
}

/** JSON, which express.json reads. */
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * First in the app: every endpoint, whatever parses its body (or does not), is answered in time.
 * Whether a body is still arriving is decided once Node's parser is done with the bytes received
 * with the headers (the request arrives while it is still inside them), so that a body that came
 * along with its headers counts as arrived. Until then the request waits, so that an answer given
 * before reading (a wrong type, a refused client) keeps the connection of a body that did arrive.
 *
 * A JSON POST to one of `readAtOnce` (the MCP endpoints) goes on at once: the JSON parser reads it
 * as soon as the security checks let it through, and waiting made that parser read a buffered body,
 * 5-8% of an HTTP tool call's CPU (bench/README.md, "Eighth round"). An answer before that is a
 * refusal (a foreign Host or Origin, plain HTTP where HTTPS is required, a declared size above the
 * limit), after which the connection may close.
 */
export function guardRequestBodies(
  idleMs = DEFAULT_BODY_IDLE_TIMEOUT_MS,
  readAtOnce: readonly string[] = [],
): RequestHandler {
  return (req, res, next) => {
    if (!announcesBody(req)) return next();
    closeConnectionOnEarlyAnswer(req, res);
    const watchIfArriving = () => {
      if (!req.complete && !res.writableEnded) refuseStalledBody(req, res, idleMs);
    };
    if (
      req.method === 'POST' &&
      readAtOnce.includes(req.path) &&
      JSON_TYPE.test(req.headers['content-type'] ?? '')
    ) {
      setImmediate(watchIfArriving);
      return next();
    }
    setImmediate(() => {
      watchIfArriving();
      next();
    });
  };
}

/**
 * Refuses a declared body above `maxBytes` before any parser reads it: body-parser reads (and waits
 * for) the whole body before it reports that it is too large.
 */
export function refuseDeclaredBodyAbove(maxBytes: number): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    next(
      declared > maxBytes
        ? Object.assign(new Error('body too large'), {
            type: 'entity.too.large',
            limit: maxBytes,
            status: 413,
          })
        : undefined,
    );
  };
}
