/** Flags that carry a setting are its key in kebab-case: httpAddr -> --http-addr. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
