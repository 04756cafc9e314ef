// What representation a client asked for in its Accept header.

export type ResponseFormat = 'json' | 'yaml' | 'table';

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [type = '', ...rawParams] = part.split(';').map((piece) => piece.trim());
      const params: Record<string, string> = {};
      for (const raw of rawParams) {
        const [key = '', value = ''] = raw.split('=');
        params[key.trim().toLowerCase()] = value.trim();
      }
      return { type: type.toLowerCase(), params };
    });
}

function isTableRequest(range: MediaRange): boolean {
  return (
    range.params.as === 'Table' &&
    range.params.g === 'meta.k8s.io' &&
    (range.params.v === 'v1' || range.params.v === 'v1beta1')
  );
}

/**
 * The first acceptable representation, in the client's order; undefined when nothing we
 * can produce is acceptable (protobuf only, say), which is a 406.
 */
export function responseFormat(accept: string | undefined): ResponseFormat | undefined {
  if (!accept) return 'json';
  for (const range of parseAccept(accept)) {
    if (range.type === 'application/json' || range.type === 'application/*' || range.type === '*/*') {
      if (range.params.as === undefined) return 'json';
      if (isTableRequest(range)) return 'table';
      continue;
    }
    if (range.type === 'application/yaml' && range.params.as === undefined) return 'yaml';
  }
  return undefined;
}
