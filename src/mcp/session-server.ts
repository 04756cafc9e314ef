import type { ListToolsResult, Server, ServerNotification } from '@modelcontextprotocol/server';
import type { ClusterIdentity } from '../k8s/index.js';
import { requestLogFields } from '../observability/index.js';
import { annotationsOf, type CallerPrincipal, type ToolDefinition } from '../tools/index.js';
import {
  CONFIRMATION_TIMEOUT_MS,
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
import { WordedErrorsServer } from './worded-params-errors.js';

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
 * How long a 2026-07-28 client may keep the tools/list and prompts/list answers. They change only
 * when the server restarts with other flags, and are the same for every caller (the flags hide
 * tools, not the person), so shared caches may keep them too.
 */
const LIST_CACHE_HINT = { ttlMs: 300_000, cacheScope: 'public' } as const;

/**
 * The MCP server of one serving unit, for both protocol revisions: a 2025-11-25 session (stdio
 * connection, HTTP session) or one 2026-07-28 request. It is the SDK's low-level Server: we answer
 * tools/list and tools/call ourselves, to word refusals and argument errors for the model. Each
 * unit gets its own ToolSession, so kubernetes_context_use moves only the session that called it;
 * when the server closes (the session was closed, expired or lost its transport), the ToolSession
 * ends with it.
 */
export function createSessionServer(
  runtime: ServerRuntime,
  session: EndingToolSession = createToolSession(),
  /** How this transport carries a confirmation question to a 2025-11-25 client. */
  questions: QuestionChannel = QUESTIONS_WITH_THE_CALL,
): Server {
  const server = new WordedErrorsServer(
    { name: runtime.name, version: runtime.version },
    {
      // `logging` lets 2025-11-25 clients set a level (logging/setLevel, answered by the SDK).
      capabilities: { tools: { listChanged: false }, prompts: { listChanged: false }, logging: {} },
      cacheHints: { 'tools/list': LIST_CACHE_HINT, 'prompts/list': LIST_CACHE_HINT },
      // A 2025-11-25 client is asked to confirm with a real elicitation request; this is its time limit.
      inputRequired: { roundTimeoutMs: CONFIRMATION_TIMEOUT_MS },
      jsonSchemaValidator: formAnswerValidator,
    },
  );
  server.onclose = () => session.end();
  const callToolHandler: ProductHandlers['callTool'] = (request, ctx) => {
    const progressToken = request.params._meta?.progressToken;
    const authInfo = ctx.http?.authInfo;
    const principal = authInfo?.extra?.principal as CallerPrincipal | undefined;
    const identity = authInfo?.extra?.[DOWNSTREAM_IDENTITY_KEY] as ClusterIdentity | undefined;
    const { signal } = ctx.mcpReq;
    const logFields = requestLogFields(ctx.http?.req);
    const confirm = (what: string) =>
      confirmDestructive(
        {
          capabilities: server.getClientCapabilities(),
          mode: runtime.settings.confirmDestructive,
          channel: questions,
          answers: ctx.mcpReq.inputResponses,
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
          signal,
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
            await ctx.mcpReq.notify(notification);
          },
        },
        { confirm, logFields },
      );
    return observeToolCall(runtime, request.params.name, answer, logFields);
  };
  const product: ProductHandlers = {
    listTools: () => toolListing(runtime),
    callTool: callToolHandler,
    listPrompts: () => ({ prompts: listedPrompts() }),
    getPrompt: (request) => promptMessages(request.params.name, request.params.arguments),
  };
  server.setRequestHandler('prompts/list', product.listPrompts);
  server.setRequestHandler('prompts/get', product.getPrompt);
  server.setRequestHandler('tools/list', product.listTools);
  server.setRequestHandler('tools/call', product.callTool);
  runtime.extension?.extend(server, product);
  return server;
}
