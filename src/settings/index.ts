export { parseServerConfig } from './parse-server-config.js';
export {
  directFlags,
  directSettings,
  groupFlags,
  type ServerConfig,
  type ServerConfigInput,
  serverConfigSchema,
} from './server-config.js';
