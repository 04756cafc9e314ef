import type { ElicitRequestFormParams } from '@modelcontextprotocol/server';
import {
  errorResult,
  type FixtureContext,
  type FixtureTool,
  NO_ARGUMENTS,
  requiredString,
  textResult,
} from './fixture-tool.js';

// The fixture tools that ask the client something in the middle of the call: a completion from
// its model (sampling) or an answer from its user (elicitation). The request goes out on the
// call's own stream; a client that did not declare the capability gets a tool error instead.

async function elicit(context: FixtureContext, message: string, requestedSchema: Record<string, unknown>) {
  if (!context.server.getClientCapabilities()?.elicitation) {
    return errorResult('The client did not declare the elicitation capability');
  }
  const answer = await context.ctx.mcpReq.send({
    method: 'elicitation/create',
    params: { message, requestedSchema } as ElicitRequestFormParams,
  });
  return textResult(
    `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`,
  );
}

const sampling: FixtureTool = {
  tool: {
    name: 'test_sampling',
    description: "Asks the client's model to answer a prompt.",
    inputSchema: {
      type: 'object',
      properties: { prompt: { type: 'string', description: 'What to ask the model' } },
      required: ['prompt'],
    },
  },
  async call(args, { server, ctx }) {
    const prompt = requiredString(args, 'prompt');
    if (!server.getClientCapabilities()?.sampling) {
      return errorResult('The client did not declare the sampling capability');
    }
    const answer = await ctx.mcpReq.send({
      method: 'sampling/createMessage',
      params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 },
    });
    // A client that may use tools answers with a list of blocks; the first one is the answer.
    const [content] = [answer.content].flat();
    const text = content?.type === 'text' ? content.text : `(${content?.type ?? 'no'} content)`;
    return textResult(`LLM response: ${text}`);
  },
};

const elicitation: FixtureTool = {
  tool: {
    name: 'test_elicitation',
    description: 'Asks the user for a user name and an email address.',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string', description: 'What to tell the user' } },
      required: ['message'],
    },
  },
  call: (args, context) =>
    elicit(context, requiredString(args, 'message'), {
      type: 'object',
      properties: {
        username: { type: 'string', description: "User's response" },
        email: { type: 'string', description: "User's email address" },
      },
      required: ['username', 'email'],
    }),
};

/** SEP-1034: a default value for each primitive type. */
const elicitationDefaults: FixtureTool = {
  tool: {
    name: 'test_elicitation_sep1034_defaults',
    description: 'Asks the user for fields of every primitive type, each with a default.',
    inputSchema: NO_ARGUMENTS,
  },
  call: (_args, context) =>
    elicit(context, 'Review your profile', {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Name', default: 'John Doe' },
        age: { type: 'integer', description: 'Age', default: 30 },
        score: { type: 'number', description: 'Score', default: 95.5 },
        status: {
          type: 'string',
          description: 'Status',
          enum: ['active', 'inactive', 'pending'],
          default: 'active',
        },
        verified: { type: 'boolean', description: 'Verified', default: true },
      },
    }),
};

const choices = (prefix: string, titles: string[]) =>
  titles.map((title, index) => ({ const: `${prefix}${index + 1}`, title }));

/** SEP-1330: each way an enum can be written, single and multiple choice, with and without titles. */
const elicitationEnums: FixtureTool = {
  tool: {
    name: 'test_elicitation_sep1330_enums',
    description: 'Asks the user to choose, with each form of enum the protocol has.',
    inputSchema: NO_ARGUMENTS,
  },
  call: (_args, context) =>
    elicit(context, 'Choose your options', {
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        titledSingle: { type: 'string', oneOf: choices('value', ['First Option', 'Second Option']) },
        legacyEnum: {
          type: 'string',
          enum: ['opt1', 'opt2', 'opt3'],
          enumNames: ['Option One', 'Option Two', 'Option Three'],
        },
        untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
        titledMulti: { type: 'array', items: { anyOf: choices('value', ['First Choice', 'Second Choice']) } },
      },
    }),
};

export const CLIENT_REQUEST_TOOLS: readonly FixtureTool[] = [
  sampling,
  elicitation,
  elicitationDefaults,
  elicitationEnums,
];
