import type { Request } from 'express';
import { InvalidRequest, InvalidTarget, UnsupportedContentType } from './errors.js';

/** Request parameters after the RFC 6749 §3.1 rules: each at most once, an empty one as if omitted. */
export type Parameters = ReadonlyMap<string, string>;

const FORM = 'application/x-www-form-urlencoded';

/**
 * RFC 6749 §3.1 and §3.2: parameters must not be repeated (a repeated `resource` is RFC 8707's
 * invalid_target: our tokens serve one resource) and a parameter without a value counts as omitted.
 */
export function singleValuedParameters(source: URLSearchParams): Parameters {
  const parameters = new Map<string, string>();
  for (const name of new Set(source.keys())) {
    const values = source.getAll(name);
    if (values.length > 1) {
      if (name === 'resource') throw new InvalidTarget('only one resource may be requested');
      throw new InvalidRequest(`${name} must not be repeated`);
    }
    if (values[0]) parameters.set(name, values[0]);
  }
  return parameters;
}

/** The query string of a request, as sent (Express's parsed `req.query` hides repetitions). */
export function queryOf(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://query.invalid').searchParams;
}

/** The value of a parameter that must appear at most once, or undefined; throws InvalidRequest if repeated. */
export function onlyValue(source: URLSearchParams, name: string): string | undefined {
  const values = source.getAll(name);
  if (values.length > 1) throw new InvalidRequest(`${name} must not be repeated`);
  return values[0] || undefined;
}

/**
 * The form body of the token, revocation and introspection endpoints and of the consent form: the
 * RFCs require application/x-www-form-urlencoded. The router reads such bodies as text; a body parsed
 * by an earlier middleware is accepted as well.
 */
export function formParameters(req: Request): Parameters {
  const isForm = req.is(FORM);
  // false: a body of another type, which is left unread; null: no body at all.
  if (isForm === false) throw new UnsupportedContentType(FORM);
  if (!isForm) throw new InvalidRequest(`the request body must be ${FORM}`);
  return singleValuedParameters(formBody(req.body));
}

function formBody(body: unknown): URLSearchParams {
  if (typeof body === 'string') return new URLSearchParams(body);
  const parameters = new URLSearchParams();
  if (typeof body !== 'object' || body === null) return parameters;
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) parameters.append(name, String(item));
  }
  return parameters;
}
