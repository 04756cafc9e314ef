export { loadConformanceFixtures } from './conformance-fixtures-loader.js';
export { DOWNSTREAM_IDENTITY_KEY } from './downstream-identity-key.js';
export type { RunningTransport } from './running-transport.js';
export type { ServerRuntime } from './server-runtime.js';
export type { SessionExtension } from './session-extension.js';
export { serveStdio } from './stdio-transport.js';
export { portForwardsOf, toolSettingsOf } from './tool-settings.js';
export { selectTools } from './tool-visibility.js';
