// What representation a client asked for in its Accept header, negotiated as kube-apiserver does:
// media ranges by quality then specificity, each tried against the server's types in its order.
import { PROTOBUF_MEDIA_TYPE } from '../protobuf/index.js';

export type ResponseFormat = 'json' | 'yaml' | 'table' | 'protobuf';

interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
  quality: number;
  specificity: number;
}

const JSON_TYPE = 'application/json';
const YAML_TYPE = 'application/yaml';
const PROTOBUF_TYPE = PROTOBUF_MEDIA_TYPE;

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [mediaRange = '', ...rawParams] = part.split(';').map((piece) => piece.trim());
      const [type = '', subtype = '*'] = mediaRange.toLowerCase().split('/');
      const params: Record<string, string> = {};
      for (const raw of rawParams) {
        const [key = '', value = ''] = raw.split('=');
        params[key.trim().toLowerCase()] = value.trim();
      }
      const quality = params.q === undefined ? 1 : Number(params.q);
      delete params.q;
      const specificity = (type === '*' ? 0 : 1) + (subtype === '*' ? 0 : 1);
      return { type, subtype, params, quality: Number.isNaN(quality) ? 0 : quality, specificity };
    })
    .filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || b.specificity - a.specificity);
}

function isTableRequest(range: MediaRange): boolean {
  return (
    range.params.as === 'Table' &&
    range.params.g === 'meta.k8s.io' &&
    (range.params.v === 'v1' || range.params.v === 'v1beta1')
  );
}

function matches(range: MediaRange, mediaType: string): boolean {
  const [type, subtype] = mediaType.split('/');
  return (range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype);
}

/** The media types a resource is served in, in the server's order of preference. */
export function offeredMediaTypes(protobuf: boolean): string[] {
  return protobuf ? [JSON_TYPE, YAML_TYPE, PROTOBUF_TYPE] : [JSON_TYPE, YAML_TYPE];
}

/**
 * The representation to answer in; undefined when nothing the resource is served in is
 * acceptable, which is a 406. Tables are JSON only, as kube-apiserver serves them; protobuf is
 * offered only for kinds that have a protobuf schema (never custom resources).
 */
export function responseFormat(
  accept: string | undefined,
  options: { protobuf?: boolean } = {},
): ResponseFormat | undefined {
  if (!accept) return 'json';
  for (const range of parseAccept(accept)) {
    for (const mediaType of offeredMediaTypes(options.protobuf ?? false)) {
      if (!matches(range, mediaType)) continue;
      if (mediaType === JSON_TYPE && isTableRequest(range)) return 'table';
      if (range.params.as !== undefined) continue;
      if (mediaType === PROTOBUF_TYPE) return 'protobuf';
      return mediaType === YAML_TYPE ? 'yaml' : 'json';
    }
  }
  return undefined;
}
