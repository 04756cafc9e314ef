export { ConfigError } from './config-error.js';
export { flagName } from './flag-name.js';
export { readSecret, type SettingsReport } from './read-secret.js';
export { type SettingKey, serverSettings } from './server-settings.js';
export { type SettingMeta, setting, settingMeta } from './setting.js';
export { flagOf, parseSettings, type SettingFlag, settingFlags, settingsSchema } from './setting-flags.js';
