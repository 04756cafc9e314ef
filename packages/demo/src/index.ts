export { devBanner } from './banner.js';
export { type DemoAccount, demoAccounts } from './demo-access.js';
export { DevDependenciesMissing, requireDevDependencies } from './dev-dependencies.js';
export {
  type DemoServerConfig,
  type DemoServerFactory,
  type DevEnvironment,
  type DevEnvironmentOptions,
  startDevEnvironment,
} from './dev-environment.js';
