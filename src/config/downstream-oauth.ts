import { flagName } from './flag-name.js';

interface DownstreamFlags {
  downstreamOauth: boolean;
  downstreamOauthInsecureFallback: boolean;
}

/** Why the downstream OAuth flags cannot be used as given. */
export function downstreamOAuthProblems(config: DownstreamFlags, oauthEnabled: boolean): string[] {
  const problems: string[] = [];
  if (config.downstreamOauth && !oauthEnabled) {
    problems.push(
      `${flagName('downstreamOauth')} needs --enable-oauth: the user's Kubernetes credential is the ` +
        'upstream token of their OAuth login',
    );
  }
  if (config.downstreamOauthInsecureFallback && !config.downstreamOauth) {
    problems.push(
      `${flagName('downstreamOauthInsecureFallback')} takes effect only with ${flagName('downstreamOauth')}`,
    );
  }
  return problems;
}

/** Start-up warnings about the insecure choice. */
export function downstreamOAuthWarnings(config: DownstreamFlags): string[] {
  if (!config.downstreamOauth || !config.downstreamOauthInsecureFallback) return [];
  return [
    `${flagName('downstreamOauthInsecureFallback')}: a user whose own token is unavailable acts in the ` +
      "cluster with this server's credentials instead of being asked to log in again",
  ];
}
