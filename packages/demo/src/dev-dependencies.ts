import { loadOidcProvider } from '@mcp-kubernetes/devidp';

/** Why `dev` cannot run, in words a person who ran `npm ci --omit=dev` can act on. */
export class DevDependenciesMissing extends Error {
  constructor(cause: unknown) {
    super(
      '`mcp-kubernetes dev` needs the development dependencies (its local identity provider is the ' +
        'oidc-provider package, which a production install leaves out). In a clone of the repository run ' +
        '`npm ci` without --omit=dev, then `npm start`. (`mcp-kubernetes dev --no-oauth` runs without it.)',
      { cause },
    );
    this.name = 'DevDependenciesMissing';
  }
}

/** Fails before anything starts when the identity provider's package is not installed. */
export async function requireDevDependencies(): Promise<void> {
  try {
    await loadOidcProvider();
  } catch (error) {
    if (isModuleNotFound((error as Error).cause)) throw new DevDependenciesMissing(error);
    throw error;
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
