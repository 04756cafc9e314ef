/** Flags that carry a setting are its key in kebab-case: httpAddr -> --http-addr. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** The variable a flag reads when it has no name of its own: --http-addr -> MCP_KUBERNETES_HTTP_ADDR. */
export function defaultEnvName(key: string): string {
  return `MCP_KUBERNETES_${flagName(key).slice(2).replaceAll('-', '_').toUpperCase()}`;
}
