// Accept-header negotiation as kube-openapi's handlers do it (goautoneg): clauses in order
// of preference, wildcards allowed, the first clause the server can produce wins.

interface AcceptClause {
  type: string;
  subtype: string;
  quality: number;
  specificity: number;
}

function parseAccept(header: string): AcceptClause[] {
  const clauses = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [mediaRange = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const [type = '', subtype = '*'] = mediaRange.toLowerCase().split('/');
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      const specificity = (type === '*' ? 0 : 1) + (subtype === '*' ? 0 : 1);
      return { type, subtype, quality: Number.isNaN(quality) ? 0 : quality, specificity };
    });
  return clauses
    .filter((clause) => clause.quality > 0)
    .sort((a, b) => b.quality - a.quality || b.specificity - a.specificity);
}

/** The first of `offered` (e.g. 'application/json') the Accept header allows, by the client's preference. */
export function negotiateMediaType(accept: string | undefined, offered: string[]): string | undefined {
  const clauses = parseAccept(accept === undefined || accept.trim() === '' ? '*/*' : accept);
  for (const clause of clauses) {
    const match = offered.find((mediaType) => {
      const [type, subtype] = mediaType.split('/');
      return (
        (clause.type === '*' || clause.type === type) &&
        (clause.subtype === '*' || clause.subtype === subtype)
      );
    });
    if (match !== undefined) return match;
  }
  return undefined;
}
