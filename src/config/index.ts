export { ConfigError } from './config-error.js';
export { parseServerConfig } from './parse-server-config.js';
export {
  flagName,
  type ServerConfig,
  type ServerConfigInput,
  type SettingKey,
  serverConfigSchema,
  serverSettings,
} from './server-config.js';
export { type SettingMeta, settingMeta } from './setting.js';
