// Kept apart from the HTTP middleware that sets it, so that stdio, which reads it, loads no HTTP code.

/** Where `authInfo.extra` carries the caller's cluster identity (absent: the server's own credentials). */
export const DOWNSTREAM_IDENTITY_KEY = 'downstreamIdentity';
