const UNIT_BYTES: Record<string, number> = {
  '': 1,
  b: 1,
  kib: 1024,
  kb: 1000,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
};
const SIZE = /^(\d+)\s*([a-z]*)$/;

/** `65536`, `64KiB`, `4MiB`, `100kB`: sizes as people write them. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim().toLowerCase());
  const unit = match && UNIT_BYTES[match[2] ?? ''];
  return match && unit ? Number(match[1]) * unit : undefined;
}

export function formatByteSize(bytes: number): string {
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
