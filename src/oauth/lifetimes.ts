/** How long each kind of secret lives, in milliseconds (behaviours.md; flags may change some). */
export interface Lifetimes {
  readonly authorizationCodeMs: number;
  /** `--access-token-ttl` */
  readonly accessTokenMs: number;
  /** `--refresh-token-ttl`: the lifetime of a login (a grant and its refresh family), from login on. */
  readonly refreshTokenMs: number;
  /** Our state while the user is away at the identity provider. */
  readonly loginStateMs: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = {
  authorizationCodeMs: 600_000,
  accessTokenMs: 3_600_000,
  refreshTokenMs: 90 * 86_400_000,
  loginStateMs: 600_000,
};
