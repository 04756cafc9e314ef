import type { IncomingMessage, ServerResponse } from 'node:http';

// oidc-provider is a development dependency without bundled types: this is the small part of its API
// the dev identity provider uses.

export interface InteractionDetails {
  uid: string;
  params: Record<string, unknown>;
  prompt: { name: string };
}

export interface ProviderGrant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}

export interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: {
    new (properties: { accountId: string; clientId: string }): ProviderGrant;
    find(grantId: string): Promise<{ getOIDCScope(): string } | undefined>;
  };
  on(event: string, listener: (...args: unknown[]) => void): void;
  /** A Koa middleware around every protocol request. */
  use(middleware: (context: ProviderRequestContext, next: () => Promise<void>) => Promise<void>): void;
}

/** The part of oidc-provider's Koa context the dev provider reads after a request was handled. */
export interface ProviderRequestContext {
  status: number;
  oidc?: { params?: Record<string, unknown> };
}

export type OidcProviderConstructor = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProvider;

const DEV_DEPENDENCIES_MISSING =
  'the development identity provider needs the development dependencies (the oidc-provider package ' +
  'is not installed). Run `npm install` (without --omit=dev) in a source checkout of mcp-kubernetes.';

/**
 * Loads oidc-provider at run time: it is a development dependency, so a production install must fail
 * here with a message that says what is missing, not with a module-resolution stack trace.
 */
export async function loadOidcProvider(): Promise<OidcProviderConstructor> {
  // A computed specifier also keeps the bundler from pulling the package into dist/.
  const moduleName = 'oidc-provider';
  try {
    const loaded = (await import(moduleName)) as { default: OidcProviderConstructor };
    return loaded.default;
  } catch (error) {
    if (isModuleNotFound(error)) throw new Error(DEV_DEPENDENCIES_MISSING, { cause: error });
    throw error;
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
