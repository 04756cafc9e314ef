import {
  type CompleteRequest,
  ProtocolError,
  ProtocolErrorCode,
  type Server,
} from '@modelcontextprotocol/server';
import { FIXTURE_PROMPTS } from './fixture-prompts.js';

// Completion of the fixture prompts' arguments and of the resource template's `{id}`: the
// candidates that start with what the user typed so far.

const PROMPT_ARGUMENT_CANDIDATES = ['test', 'testing', 'tested', 'value'];
const TEMPLATE_ID_CANDIDATES = ['123', '124', '456'];

function candidatesFor(ref: CompleteRequest['params']['ref'], argument: string): string[] {
  if (ref.type === 'ref/prompt') {
    const prompt = FIXTURE_PROMPTS.find((candidate) => candidate.name === ref.name);
    if (!prompt)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `There is no prompt named ${ref.name}`);
    const known = prompt.arguments?.some((candidate) => candidate.name === argument);
    return known ? PROMPT_ARGUMENT_CANDIDATES : [];
  }
  if (ref.uri === 'test://template/{id}/data') return argument === 'id' ? TEMPLATE_ID_CANDIDATES : [];
  throw new ProtocolError(ProtocolErrorCode.InvalidParams, `There is no resource template ${ref.uri}`);
}

/** Declares completions and answers completion/complete. */
export function serveFixtureCompletion(server: Server): void {
  server.registerCapabilities({ completions: {} });
  server.setRequestHandler('completion/complete', (request) => {
    const { ref, argument } = request.params;
    const values = candidatesFor(ref, argument.name).filter((value) => value.startsWith(argument.value));
    return { completion: { values, total: values.length, hasMore: false } };
  });
}
