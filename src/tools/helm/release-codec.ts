import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { UsageError } from '../error-mapping.js';

// A Helm release as Helm 3 and Helm 4 store it (release v1): the release's JSON, gzipped, as
// base64 text. Decoding reads what the cluster holds, which anyone able to write a Secret can
// forge: the text is checked, the decompressed size capped (a zip bomb stops there), and an error
// never quotes the stored bytes.

/** A decompressed release above this is refused; Helm's own records are far smaller. */
export const MAX_RELEASE_BYTES = 16 * 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface ReleaseHook {
  name?: string;
  kind?: string;
  events?: string[];
}

export interface ReleaseInfo {
  first_deployed?: string;
  last_deployed?: string;
  deleted?: string;
  description?: string;
  status: string;
  notes?: string;
}

export interface ReleaseChart {
  metadata?: { name?: string; version?: string; appVersion?: string };
  values?: Record<string, unknown> | null;
}

/** The fields this tool reads; every other field is kept as is when a release is written back. */
export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  info: ReleaseInfo;
  chart?: ReleaseChart;
  config?: Record<string, unknown> | null;
  manifest?: string;
  hooks?: ReleaseHook[] | null;
  [field: string]: unknown;
}

/** A record that does not hold a release Helm could read. */
export class CorruptReleaseError extends UsageError {
  override name = 'CorruptReleaseError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromBase64(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new CorruptReleaseError(`${what} is not base64 text`);
  return Buffer.from(compact, 'base64');
}

function gunzipCapped(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || (error as Error) instanceof RangeError) {
      throw new CorruptReleaseError(
        `its release decompresses to more than ${MAX_RELEASE_BYTES / 1024 / 1024} MiB, refused`,
      );
    }
    throw new CorruptReleaseError('its gzip data is damaged');
  }
}

function checkedRelease(value: unknown): HelmRelease {
  if (!isRecord(value)) throw new CorruptReleaseError('its release is not a JSON object');
  const { name, version, info } = value;
  if (typeof name !== 'string' || name === '') throw new CorruptReleaseError('its release has no name');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new CorruptReleaseError('its release has no revision number');
  if (!isRecord(info) || typeof info.status !== 'string')
    throw new CorruptReleaseError('its release has no status');
  if (value.manifest !== undefined && typeof value.manifest !== 'string')
    throw new CorruptReleaseError('its release manifest is not text');
  return { ...value, namespace: typeof value.namespace === 'string' ? value.namespace : '' } as HelmRelease;
}

/** Helm's decodeRelease: base64 text of the release JSON, gzipped (or, from old Helm, plain). */
export function decodeRelease(text: string): HelmRelease {
  const bytes = fromBase64(text, 'its release');
  const isGzip = GZIP_MAGIC.every((byte, index) => bytes[index] === byte);
  const json = isGzip ? gunzipCapped(bytes) : bytes;
  if (json.length > MAX_RELEASE_BYTES) throw new CorruptReleaseError('its release is too large, refused');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    throw new CorruptReleaseError('its release is not valid JSON');
  }
  return checkedRelease(parsed);
}

/** Helm's encodeRelease: the release JSON, gzipped at best compression, as base64 text. */
export function encodeRelease(release: HelmRelease): string {
  return gzipSync(JSON.stringify(release), { level: zlibConstants.Z_BEST_COMPRESSION }).toString('base64');
}

/** A Secret holds the encoded text as its bytes, which the API shows base64-encoded once more. */
export function decodeSecretData(data: string): HelmRelease {
  return decodeRelease(fromBase64(data, 'its data').toString('latin1'));
}

export function encodeSecretData(release: HelmRelease): string {
  return Buffer.from(encodeRelease(release), 'latin1').toString('base64');
}
