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
 * for the rest of the body before answering, so this also bounds those waits.
 */
function refuseStalledBody(req: IncomingMessage, res: Response, idleMs: number): void {
  const stop = () => req.setTimeout(0);
  req.setTimeout(idleMs, () => {
    stop();
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
  });
  req.once('end', stop);
  res.once('close', stop);
}

/**
 * First in the app: every endpoint, whatever parses its body (or does not), is answered in time. The
 * request arrives while Node's parser is still inside the received bytes: the decision waits until it is done,
 * so that a body that came along with the headers counts as arrived.
 */
export function guardRequestBodies(idleMs = DEFAULT_BODY_IDLE_TIMEOUT_MS): RequestHandler {
  return (req, res, next) => {
    if (!announcesBody(req)) return next();
    setImmediate(() => {
      closeConnectionOnEarlyAnswer(req, res);
      if (!req.complete) refuseStalledBody(req, res, idleMs);
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
