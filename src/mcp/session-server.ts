import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  type ListToolsResult,
  type ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';
import type { ClusterIdentity } from '../k8s/index.js';
import { annotationsOf, type CallerPrincipal, type ToolDefinition } from '../tools/index.js';
import {
  confirmDestructive,
  QUESTIONS_WITH_THE_CALL,
  type QuestionChannel,
} from './destructive-confirmation.js';
import { DOWNSTREAM_IDENTITY_KEY } from './downstream-identity-key.js';
import { formAnswerValidator } from './form-answer-validator.js';
import { observeToolCall } from './observed-tool-call.js';
import { listedPrompts, promptMessages } from './prompts.js';
import type { ServerRuntime } from './server-runtime.js';
import type { ProductHandlers } from './session-extension.js';
import { argumentsJsonSchema, resultJsonSchema } from './tool-arguments.js';
import { callTool } from './tool-call.js';
import { createToolSession, type EndingToolSession } from './tool-session.js';

function listedTool(tool: ToolDefinition): ListToolsResult['tools'][number] {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: argumentsJsonSchema(tool.inputSchema),
    ...(tool.outputSchema && { outputSchema: resultJsonSchema(tool.outputSchema) }),
    annotations: { title: tool.title, ...annotationsOf(tool.effect) },
  };
}

const listings = new WeakMap<ServerRuntime, ListToolsResult>();

/** The tools/list answer is the same for every session: built once per runtime. */
function toolListing(runtime: ServerRuntime): ListToolsResult {
  let listing = listings.get(runtime);
  if (!listing) {
    listing = { tools: runtime.catalog.visible.map(listedTool) };
    listings.set(runtime, listing);
  }
  return listing;
}

/**
 * The MCP server of one session (the SDK's low-level Server: we answer tools/list and tools/call
 * ourselves, to word refusals and argument errors for the model). Each session gets its own
 * ToolSession, so kubernetes_context_use moves only the session that called it; when the server
 * closes (the session was closed, expired or lost its transport), the ToolSession ends with it.
 */
export function createSessionServer(
  runtime: ServerRuntime,
  session: EndingToolSession = createToolSession(),
  /** How this transport carries a confirmation question to the client. */
  questions: QuestionChannel = QUESTIONS_WITH_THE_CALL,
): Server {
  const server = new Server(
    { name: runtime.name, version: runtime.version },
    // `logging` lets clients set a level (logging/setLevel, answered by the SDK per session).
    {
      capabilities: { tools: { listChanged: false }, prompts: { listChanged: false }, logging: {} },
      jsonSchemaValidator: formAnswerValidator,
    },
  );
  server.onclose = () => session.end();
  const callToolHandler: ProductHandlers['callTool'] = (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    const principal = extra.authInfo?.extra?.principal as CallerPrincipal | undefined;
    const identity = extra.authInfo?.extra?.[DOWNSTREAM_IDENTITY_KEY] as ClusterIdentity | undefined;
    const confirm = (what: string) =>
      confirmDestructive(
        {
          server,
          mode: runtime.settings.confirmDestructive,
          channel: questions,
          callId: extra.requestId,
          signal: extra.signal,
        },
        what,
      );
    const answer = () =>
      callTool(
        runtime,
        request.params.name,
        request.params.arguments,
        {
          session,
          signal: extra.signal,
          ...(principal ? { principal } : {}),
          ...(identity ? { identity } : {}),
          async reportProgress(progress, total, message) {
            if (progressToken === undefined) return;
            const notification: ServerNotification = {
              method: 'notifications/progress',
              params: {
                progressToken,
                progress,
                ...(total !== undefined ? { total } : {}),
                ...(message !== undefined ? { message } : {}),
              },
            };
            await extra.sendNotification(notification);
          },
        },
        confirm,
      );
    return observeToolCall(runtime, request.params.name, answer);
  };
  const product: ProductHandlers = {
    listTools: () => toolListing(runtime),
    callTool: callToolHandler,
    listPrompts: () => ({ prompts: listedPrompts() }),
    getPrompt: (request) => promptMessages(request.params.name, request.params.arguments),
  };
  server.setRequestHandler(ListPromptsRequestSchema, product.listPrompts);
  server.setRequestHandler(GetPromptRequestSchema, product.getPrompt);
  server.setRequestHandler(ListToolsRequestSchema, product.listTools);
  server.setRequestHandler(CallToolRequestSchema, product.callTool);
  runtime.extension?.extend(server, product);
  return server;
}
