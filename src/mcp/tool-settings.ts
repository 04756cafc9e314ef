import type { ServerConfig } from '../settings/index.js';
import { PortForwards, type ToolSettings } from '../tools/index.js';
import { safetyRefusal } from './tool-visibility.js';

/** What the tools need to know of the server's settings. */
export function toolSettingsOf(config: ServerConfig): ToolSettings {
  const writesDisabledReason = safetyRefusal('writes', { ...config, inCluster: false });
  return {
    dryRun: config.dryRun,
    confirmDestructive: config.confirmDestructive,
    ...(writesDisabledReason ? { writesDisabledReason } : {}),
    ...(config.allowedNamespaces.length > 0 ? { allowedNamespaces: config.allowedNamespaces } : {}),
    deniedResources: config.deniedResources,
    maxOutputBytes: config.maxOutputBytes,
    httpGetMaxBytes: config.httpGetMaxBytes,
    requestTimeoutMs: config.requestTimeout,
  };
}

/** The server's port forwards, bounded as --max-port-forwards(-per-session) say. */
export function portForwardsOf(config: ServerConfig): PortForwards {
  return new PortForwards({ perSession: config.maxPortForwardsPerSession, total: config.maxPortForwards });
}
