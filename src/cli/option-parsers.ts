import { InvalidArgumentError } from 'commander';

export function parsePort(flag: string) {
  return (value: string): number => {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) {
      throw new InvalidArgumentError(
        `${flag} takes a port number from 0 to 65535 (0 picks a free port), got "${value}"`,
      );
    }
    return port;
  };
}

export function parseCount(flag: string, max: number) {
  return (value: string): number => {
    const count = Number(value);
    if (!/^\d+$/.test(value) || count > max) {
      throw new InvalidArgumentError(`${flag} takes a whole number from 0 to ${max}, got "${value}"`);
    }
    return count;
  };
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
