import { randomBytes } from 'node:crypto';
import {
  type CallToolResult,
  createRequestStateCodec,
  type InputRequest,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { type FixtureContext, type FixtureTool, NO_ARGUMENTS, textResult } from './fixture-tool.js';

// The fixture tools of protocol revision 2026-07-28's multi round-trip requests (SEP-2322): the
// first round answers "input required" with what to ask the client (its user, its model, its
// roots); the retry carries the answers, and for some tools an opaque state the server minted,
// which must come back untouched. Asked again for what is missing, never an error.

/** Signs the state these tools mint: one process serves every round of a conformance run. */
const stateCodec = createRequestStateCodec<{ round: number }>({ key: randomBytes(32) });

const askName = (message: string): InputRequest =>
  inputRequired.elicit({
    mode: 'form',
    message,
    requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  });

const askModel = (text: string): InputRequest =>
  inputRequired.createMessage({
    messages: [{ role: 'user', content: { type: 'text', text } }],
    maxTokens: 50,
  });

/** Whether the retry answered every one of `keys`. */
function answered(ctx: ServerContext, keys: string[]): boolean {
  return keys.every((key) => inputResponse(ctx.mcpReq.inputResponses, key).kind !== 'missing');
}

/** The round the echoed state says this is; a state that fails its check is refused. */
async function roundOf(ctx: ServerContext): Promise<number | undefined> {
  const state = ctx.mcpReq.requestState<string>();
  if (typeof state !== 'string') return undefined;
  try {
    return (await stateCodec.verify(state, ctx)).round;
  } catch {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'requestState failed its integrity check');
  }
}

function fixture(
  name: string,
  description: string,
  call: (context: FixtureContext) => Promise<CallToolResult | InputRequiredResult>,
): FixtureTool {
  return { tool: { name, description, inputSchema: NO_ARGUMENTS }, call: (_args, context) => call(context) };
}

/** One question, answered in the retry; `withState` adds a signed state the retry must echo. */
function oneRound(name: string, key: string, request: () => InputRequest, withState: boolean): FixtureTool {
  return fixture(name, `Asks for "${key}" first, then answers.`, async ({ ctx }) => {
    const round = await roundOf(ctx);
    if (answered(ctx, [key]) && (!withState || round === 1)) {
      return textResult(withState ? 'Answered, state-ok' : `Answered: ${key}`);
    }
    return inputRequired({
      inputRequests: { [key]: request() },
      ...(withState && { requestState: await stateCodec.mint({ round: 1 }) }),
    });
  });
}

const confirmBox = () =>
  inputRequired.elicit({
    mode: 'form',
    message: 'Go ahead?',
    requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
  });

const multipleInputs = fixture(
  'test_input_required_result_multiple_inputs',
  "Asks the user, the client's model and the client's roots at once.",
  async ({ ctx }) => {
    const keys = ['user_name', 'greeting', 'client_roots'];
    if (answered(ctx, keys) && (await roundOf(ctx)) === 1) return textResult('All three answered.');
    return inputRequired({
      inputRequests: {
        user_name: askName('What is your name?'),
        greeting: askModel('Generate a greeting'),
        client_roots: inputRequired.listRoots(),
      },
      requestState: await stateCodec.mint({ round: 1 }),
    });
  },
);

const multiRound = fixture(
  'test_input_required_result_multi_round',
  'Asks two questions, one round after the other.',
  async ({ ctx }) => {
    const round = await roundOf(ctx);
    if (round === 2 && answered(ctx, ['step2'])) return textResult('Both steps answered.');
    if (round === 1 && answered(ctx, ['step1'])) {
      return inputRequired({
        inputRequests: {
          step2: inputRequired.elicit({
            mode: 'form',
            message: 'Step 2: What is your favorite color?',
            requestedSchema: {
              type: 'object',
              properties: { color: { type: 'string' } },
              required: ['color'],
            },
          }),
        },
        requestState: await stateCodec.mint({ round: 2 }),
      });
    }
    return inputRequired({
      inputRequests: { step1: askName('Step 1: What is your name?') },
      requestState: await stateCodec.mint({ round: 1 }),
    });
  },
);

/** Asks only for what the client declared it can answer. */
const capabilities = fixture(
  'test_input_required_result_capabilities',
  'Asks the client only what its declared capabilities allow.',
  async ({ server, ctx }) => {
    // A 2026-07-28 request's server knows the capabilities its `_meta` declared.
    const declared = server.getClientCapabilities() ?? {};
    const wanted: Record<string, InputRequest> = {
      ...(declared.elicitation && { user_name: askName('What is your name?') }),
      ...(declared.sampling && { greeting: askModel('Generate a greeting') }),
      ...(declared.roots && { client_roots: inputRequired.listRoots() }),
    };
    const keys = Object.keys(wanted);
    if (keys.length === 0 || answered(ctx, keys)) return textResult('Nothing left to ask.');
    return inputRequired({ inputRequests: wanted });
  },
);

export const INPUT_REQUIRED_TOOLS: readonly FixtureTool[] = [
  oneRound('test_input_required_result_elicitation', 'user_name', () => askName('What is your name?'), false),
  oneRound(
    'test_input_required_result_sampling',
    'capital_question',
    () => askModel('What is the capital of France?'),
    false,
  ),
  oneRound('test_input_required_result_list_roots', 'client_roots', () => inputRequired.listRoots(), false),
  oneRound('test_input_required_result_request_state', 'confirm', confirmBox, true),
  oneRound('test_input_required_result_tampered_state', 'confirm', confirmBox, true),
  multipleInputs,
  multiRound,
  capabilities,
];

/** prompts/get asks too: the prompt is written once the user said what it is about. */
export async function inputRequiredPrompt(ctx: ServerContext) {
  if (answered(ctx, ['context'])) {
    const answer = inputResponse(ctx.mcpReq.inputResponses, 'context');
    const about = answer.kind === 'elicit' ? JSON.stringify(answer.content ?? {}) : 'nothing';
    return {
      description: "A prompt written from the user's answer.",
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: `Context: ${about}` } }],
    };
  }
  return inputRequired({
    inputRequests: {
      context: inputRequired.elicit({
        mode: 'form',
        message: 'What should the prompt be about?',
        requestedSchema: {
          type: 'object',
          properties: { context: { type: 'string' } },
          required: ['context'],
        },
      }),
    },
  });
}

export const INPUT_REQUIRED_PROMPT = {
  name: 'test_input_required_result_prompt',
  description: 'Asks the user what it is about before it is written.',
};
