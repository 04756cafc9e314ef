import type {
  CallToolRequest,
  CallToolResult,
  GetPromptRequest,
  GetPromptResult,
  InputRequiredResult,
  ListPromptsResult,
  ListToolsResult,
  Server,
  ServerContext,
} from '@modelcontextprotocol/server';

/** The product's own answers, which an extension adds to and falls back on. */
export interface ProductHandlers {
  listTools(): ListToolsResult;
  callTool(request: CallToolRequest, ctx: ServerContext): Promise<CallToolResult | InputRequiredResult>;
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
