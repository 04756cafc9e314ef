export { DEMO_USERS, type DevUser } from './dev-users.js';
export { loadOidcProvider } from './oidc-provider-module.js';
export {
  type DevClient,
  type DevIdentityProvider,
  type DevIdentityProviderOptions,
  startDevIdentityProvider,
} from './start.js';
