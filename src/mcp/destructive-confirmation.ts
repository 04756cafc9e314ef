import {
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
} from '@modelcontextprotocol/server';
import type { CONFIRM_DESTRUCTIVE } from '../config/index.js';

// Before a destructive call (delete, drain, exec) the user is asked through MCP elicitation, in
// form mode: the message says what will happen to which objects, and only an accept with the box
// ticked goes on. Decline, cancel, no answer within the time limit: nothing is done.
// Written once for both protocol revisions, as a multi round-trip request: the first round answers
// "input required" with the question; the client's retry carries the user's answer. A 2026-07-28
// client does the retry itself; for a 2025-11-25 session the SDK sends a real elicitation request
// and calls the handler again with the answer.

export type ConfirmDestructive = (typeof CONFIRM_DESTRUCTIVE)[number];

/** How long a 2025-11-25 user has to answer before the call is given up, unchanged. */
export const CONFIRMATION_TIMEOUT_MS = 120_000;

/** The key of the question in the input-required round trip. */
const QUESTION = 'confirm';

export type Confirmation = { go: true } | { go: false; why: string } | { ask: InputRequiredResult };

/**
 * How a question reaches the client, which depends on the transport. For a 2025-11-25 session the
 * question is a request from the server, and the client's answer must come back to the same session.
 */
export type QuestionChannel =
  /** On the call's own stream: stdio, SSE, streamable HTTP answering with event streams, 2026-07-28. */
  | { on: 'call' }
  /** Only on the session's GET event stream (streamable HTTP answering with plain JSON). */
  | { on: 'session-stream'; isOpen(): boolean }
  /** Nowhere: each 2025-11-25 request is served alone (--stateless), so no answer could come back. */
  | { on: 'nowhere' };

export const QUESTIONS_WITH_THE_CALL: QuestionChannel = { on: 'call' };

export interface ConfirmationContext {
  capabilities: ClientCapabilities | undefined;
  mode: ConfirmDestructive;
  channel: QuestionChannel;
  /** The input responses of a retried request: the user's answer, once asked. */
  answers: Record<string, unknown> | undefined;
}

function canElicitForms(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation;
  // A client that declares elicitation without modes supports forms (MCP 2025-06-18).
  return elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined);
}

/** Why the user cannot be asked, or undefined when they can. */
function whyNobodyCanBeAsked({ capabilities, channel }: ConfirmationContext): string | undefined {
  if (channel.on === 'nowhere') {
    return 'under --stateless no question can reach the user (MCP elicitation needs a session)';
  }
  if (!canElicitForms(capabilities))
    return 'this client cannot ask the user to confirm (it does not support MCP elicitation)';
  if (channel.on === 'session-stream' && !channel.isOpen()) {
    return (
      "under --disable-streaming a question can only travel on the session's GET event stream, and this " +
      'client has none open'
    );
  }
  return undefined;
}

function question(what: string): InputRequiredResult {
  return inputRequired({
    inputRequests: {
      [QUESTION]: inputRequired.elicit({
        mode: 'form',
        message: `${what}. Go ahead?`,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Yes, do it', default: false } },
          required: ['confirm'],
        },
      }),
    },
  });
}

/**
 * Whether a call that would do `what` may go on, as --confirm-destructive says: yes, no (and why),
 * or the question to ask first.
 */
export function confirmDestructive(context: ConfirmationContext, what: string): Confirmation {
  const { mode, channel, capabilities } = context;
  if (mode === 'never') return { go: true };
  const cannotAsk = whyNobodyCanBeAsked(context);
  if (cannotAsk) {
    // A client that takes questions expects them: under auto, only those that do not are spared.
    const clientExpectsQuestions = channel.on === 'session-stream' && canElicitForms(capabilities);
    if (mode === 'auto' && !clientExpectsQuestions) return { go: true };
    const because =
      mode === 'always'
        ? `The server runs with --confirm-destructive=always and ${cannotAsk}`
        : `This client answers confirmations (MCP elicitation), but ${cannotAsk}`;
    return { go: false, why: `Not done: ${what}. ${because}.` };
  }
  const answer = inputResponse(context.answers, QUESTION);
  if (answer.kind === 'missing') return { ask: question(what) };
  if (answer.kind === 'elicit' && answer.action === 'accept' && answer.content?.confirm === true) {
    return { go: true };
  }
  const how =
    answer.kind === 'elicit' && answer.action === 'cancel' ? 'dismissed the confirmation' : 'declined';
  return { go: false, why: `Not done: ${what}. The user ${how}; nothing was changed.` };
}
