import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolRequest,
  CallToolResult,
  GetPromptRequest,
  GetPromptResult,
  ListPromptsResult,
  ListToolsResult,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The product's own answers, which an extension adds to and falls back on. */
export interface ProductHandlers {
  listTools(): ListToolsResult;
  callTool(request: CallToolRequest, extra: RequestExtra): Promise<CallToolResult>;
  listPrompts(): ListPromptsResult;
  getPrompt(request: GetPromptRequest): GetPromptResult;
}

/**
 * What a session server may be given beside the product's tools and prompts: today only the
 * conformance suite's fixtures (`--conformance-fixtures`). `extend` runs before the server connects,
 * so it may register capabilities; it replaces the product's handlers with ones that delegate to them.
 */
export interface SessionExtension {
  extend(server: Server, product: ProductHandlers): void;
}
