import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { SessionExtension } from '../session-extension.js';
import { CAPABILITY_CHECK_TOOLS } from './capability-check-tool.js';
import { CLIENT_REQUEST_TOOLS } from './client-request-tools.js';
import { CONTENT_TOOLS } from './content-tools.js';
import { serveFixtureCompletion } from './fixture-completion.js';
import { FIXTURE_PROMPTS } from './fixture-prompts.js';
import { serveFixtureResources } from './fixture-resources.js';
import { INPUT_REQUIRED_PROMPT, INPUT_REQUIRED_TOOLS, inputRequiredPrompt } from './input-required-tools.js';
import { NOTIFICATION_TOOLS } from './notification-tools.js';

// The official MCP conformance suite's fixtures (`--conformance-fixtures`): the test_* tools, test
// prompts and test:// resources its server scenarios call, served beside the product's own tools
// and prompts. Loaded only under the flag; never part of the product's offer.

const TOOLS = [
  ...CONTENT_TOOLS,
  ...NOTIFICATION_TOOLS,
  ...CLIENT_REQUEST_TOOLS,
  ...INPUT_REQUIRED_TOOLS,
  ...CAPABILITY_CHECK_TOOLS,
];

function missingArguments(name: string, args: Record<string, string>): string[] {
  const prompt = FIXTURE_PROMPTS.find((candidate) => candidate.name === name);
  return (prompt?.arguments ?? [])
    .filter((argument) => argument.required && !args[argument.name])
    .map((a) => a.name);
}

export const conformanceFixtures: SessionExtension = {
  extend(server, product) {
    server.setRequestHandler('tools/list', () => ({
      tools: [...product.listTools().tools, ...TOOLS.map((fixture) => fixture.tool)],
    }));
    server.setRequestHandler('tools/call', (request, ctx) => {
      const fixture = TOOLS.find((candidate) => candidate.tool.name === request.params.name);
      if (!fixture) return product.callTool(request, ctx);
      return fixture.call(request.params.arguments ?? {}, { server, ctx });
    });
    server.setRequestHandler('prompts/list', () => ({
      prompts: [
        ...product.listPrompts().prompts,
        ...FIXTURE_PROMPTS.map(({ messages: _messages, ...prompt }) => prompt),
        INPUT_REQUIRED_PROMPT,
      ],
    }));
    server.setRequestHandler('prompts/get', (request, ctx) => {
      const { name, arguments: args = {} } = request.params;
      if (name === INPUT_REQUIRED_PROMPT.name) return inputRequiredPrompt(ctx);
      const prompt = FIXTURE_PROMPTS.find((candidate) => candidate.name === name);
      if (!prompt) return product.getPrompt(request);
      const missing = missingArguments(name, args);
      if (missing.length > 0) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Prompt ${name} needs ${missing.join(', ')}`,
        );
      }
      return { description: prompt.description, messages: prompt.messages(args) };
    });
    serveFixtureResources(server);
    serveFixtureCompletion(server);
  },
};
