import { type RecordVault, type SealedCollection, secretKey } from '../storage/index.js';
import { DEFAULT_LIFETIMES } from './lifetimes.js';
import { newOpaqueToken, type RandomBytes } from './random-tokens.js';

/**
 * What we remember while the user is away at the identity provider: the client's authorization request
 * and our own upstream PKCE verifier and nonce. Stored encrypted (it holds secrets) under the SHA-256
 * of the `state` we send upstream.
 */
export interface PendingLogin {
  readonly clientId: string;
  readonly redirectUri: string;
  /** The redirect_uri as the authorization request gave it (undefined when omitted). */
  readonly requestedRedirectUri: string | undefined;
  /** The client's `state`, returned to it unchanged. */
  readonly clientState: string | undefined;
  readonly codeChallenge: string;
  /** The authorization request's `dpop_jkt`, if it had one. */
  readonly dpopJkt?: string;
  readonly scopes: readonly string[];
  readonly resource: string;
  /** SHA-256 of the browser-binding cookie value: a state arriving from another browser is refused. */
  readonly browserBindingHash: string;
  readonly upstreamCodeVerifier: string;
  readonly upstreamNonce: string;
}

export interface LoginStatesOptions {
  readonly loginStateLifetimeMs?: number;
  readonly randomBytes?: RandomBytes;
}

/** Single-use upstream login states: created at the authorization endpoint, consumed at the callback. */
export class LoginStates {
  private readonly states: SealedCollection<PendingLogin>;

  constructor(
    vault: RecordVault,
    private readonly options: LoginStatesOptions = {},
  ) {
    this.states = vault.collection<PendingLogin>('login-state');
  }

  /** Stores the pending login and returns the `state` to send to the identity provider. */
  async create(login: PendingLogin): Promise<string> {
    const state = newOpaqueToken(this.options.randomBytes);
    const lifetimeMs = this.options.loginStateLifetimeMs ?? DEFAULT_LIFETIMES.loginStateMs;
    await this.states.put(secretKey(state), login, lifetimeMs);
    return state;
  }

  /**
   * The pending login of a `state`, deleted in the same step: of two callbacks with one state, one
   * gets it. Undefined for an unknown, expired or already used state.
   */
  consume(state: string): Promise<PendingLogin | undefined> {
    return this.states.consumeOnce(secretKey(state));
  }
}
