import type { Logger } from 'pino';
import type { ClusterAccess } from '../k8s/index.js';
import type { Observability } from '../observability/index.js';
import type { PortForwards, ToolSettings } from '../tools/index.js';
import type { SessionExtension } from './session-extension.js';
import type { ToolCatalog } from './tool-visibility.js';

/** What every MCP session of one server shares. */
export interface ServerRuntime {
  name: string;
  version: string;
  catalog: ToolCatalog;
  access: ClusterAccess;
  settings: ToolSettings;
  /** Every session's port forwards, and the limits they share. */
  portForwards: PortForwards;
  logger: Logger;
  /** Metrics and in-flight work of tool calls (absent in unit tests). */
  observability?: Observability;
  /** What every session gets beside the product's tools and prompts (the conformance fixtures). */
  extension?: SessionExtension;
}
