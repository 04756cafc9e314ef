/**
 * Parse options for a schema parsed once per process (the settings): zod would otherwise generate and
 * compile a fast path for each object schema on its first parse, which costs several times the parse.
 */
export const PARSED_ONCE = { jitless: true } as const;
