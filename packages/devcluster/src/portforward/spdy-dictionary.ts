// The zlib dictionary that SPDY/3 header compression starts from (SPDY Protocol draft 3, section
// 2.6.10.1): protocol data, spelled here as the words the draft lists instead of its byte table.
// Every SPDY/3 peer primes both its compressor and its decompressor with exactly these bytes.

/** Header names and values the draft lists, each written with a 32-bit big-endian length. */
const LENGTH_PREFIXED_WORDS = [
  'options',
  'head',
  'post',
  'put',
  'delete',
  'trace',
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'accept-ranges',
  'age',
  'allow',
  'authorization',
  'cache-control',
  'connection',
  'content-base',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'date',
  'etag',
  'expect',
  'expires',
  'from',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'pragma',
  'proxy-authenticate',
  'proxy-authorization',
  'range',
  'referer',
  'retry-after',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'vary',
  'via',
  'warning',
  'www-authenticate',
  'method',
  'get',
  'status',
  '200 OK',
  'version',
  'HTTP/1.1',
  'url',
  'public',
  'set-cookie',
  'keep-alive',
  'origin',
];

/** The draft's tail: status codes, reason phrases, dates and common values, without lengths. */
const UNPREFIXED_TAIL = [
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505',
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request',
  '401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented',
  '503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 ',
  'Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,',
  'application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=',
  'gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.',
].join('');

function lengthPrefixed(word: string): Buffer {
  const bytes = Buffer.from(word, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export const SPDY3_HEADER_DICTIONARY: Buffer = Buffer.concat([
  ...LENGTH_PREFIXED_WORDS.map(lengthPrefixed),
  Buffer.from(UNPREFIXED_TAIL, 'latin1'),
]);
