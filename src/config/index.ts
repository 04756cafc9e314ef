export { formatByteSize } from './byte-size.js';
export { ConfigError } from './config-error.js';
export { downstreamOAuthProblems, downstreamOAuthWarnings } from './downstream-oauth.js';
export { flagName } from './flag-name.js';
export { parseHttpAddress, urlHost } from './http-address.js';
export { PARSED_ONCE } from './parse-once.js';
export { readSecret, type SettingsReport } from './read-secret.js';
export { Secret } from './secret.js';
export {
  CONFIRM_DESTRUCTIVE,
  DEFAULT_METRICS_ADDR,
  httpExposureProblem,
  type SettingKey,
  serverSettings,
} from './server-settings.js';
export {
  booleanSetting,
  COMMAS_OR_WHITESPACE,
  checkedTextSetting,
  choiceSetting,
  lifetimeSetting,
  listSetting,
  numberSetting,
  optionalNumberSetting,
  type SettingMeta,
  secretSetting,
  secretWithFileSettings,
  setting,
  settingMeta,
  textSetting,
} from './setting.js';
export { flagOf, parseSettings, type SettingFlag, settingFlags, settingsSchema } from './setting-flags.js';
