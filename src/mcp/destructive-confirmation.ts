import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { CONFIRM_DESTRUCTIVE } from '../config/index.js';

// Before a destructive call (delete, drain, exec) the user is asked through MCP elicitation, in
// form mode: the message says what will happen to which objects, and only an accept with the box
// ticked goes on. Decline, cancel, no answer within the time limit: nothing is done.

export type ConfirmDestructive = (typeof CONFIRM_DESTRUCTIVE)[number];

/** How long the user has to answer before the call is given up, unchanged. */
export const CONFIRMATION_TIMEOUT_MS = 120_000;

export type Confirmation = { go: true } | { go: false; why: string };

/**
 * How a question reaches the client, which depends on the transport. The question is a request
 * from the server, and the client's answer must come back to the same session.
 */
export type QuestionChannel =
  /** On the call's own stream: stdio, SSE, streamable HTTP answering with event streams. */
  | { on: 'call' }
  /** Only on the session's GET event stream (streamable HTTP answering with plain JSON). */
  | { on: 'session-stream'; isOpen(): boolean }
  /** Nowhere: each request is served alone (--stateless), so no answer could come back. */
  | { on: 'nowhere' };

export const QUESTIONS_WITH_THE_CALL: QuestionChannel = { on: 'call' };

export interface ConfirmationContext {
  server: Server;
  mode: ConfirmDestructive;
  channel: QuestionChannel;
  /** The tools/call request, whose stream carries the question on the `call` channel. */
  callId: RequestId;
  signal: AbortSignal;
  timeoutMs?: number;
}

function canElicitForms(server: Server): boolean {
  const elicitation = server.getClientCapabilities()?.elicitation;
  // A client that declares elicitation without modes supports forms (MCP 2025-06-18).
  return elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined);
}

/** Why the user cannot be asked, or undefined when they can. */
function whyNobodyCanBeAsked({ server, channel }: ConfirmationContext): string | undefined {
  if (channel.on === 'nowhere') {
    return 'under --stateless no question can reach the user (MCP elicitation needs a session)';
  }
  if (!canElicitForms(server))
    return 'this client cannot ask the user to confirm (it does not support MCP elicitation)';
  if (channel.on === 'session-stream' && !channel.isOpen()) {
    return (
      "under --disable-streaming a question can only travel on the session's GET event stream, and this " +
      'client has none open'
    );
  }
  return undefined;
}

/** Asks the client's user to confirm `what`, as --confirm-destructive says. */
export async function confirmDestructive(context: ConfirmationContext, what: string): Promise<Confirmation> {
  const { server, mode, channel, signal } = context;
  if (mode === 'never') return { go: true };
  const cannotAsk = whyNobodyCanBeAsked(context);
  if (cannotAsk) {
    // A client that takes questions expects them: under auto, only those that do not are spared.
    const clientExpectsQuestions = channel.on === 'session-stream' && canElicitForms(server);
    if (mode === 'auto' && !clientExpectsQuestions) return { go: true };
    const because =
      mode === 'always'
        ? `The server runs with --confirm-destructive=always and ${cannotAsk}`
        : `This client answers confirmations (MCP elicitation), but ${cannotAsk}`;
    return { go: false, why: `Not done: ${what}. ${because}.` };
  }
  let answer: Awaited<ReturnType<Server['elicitInput']>>;
  try {
    answer = await server.elicitInput(
      {
        mode: 'form',
        message: `${what}. Go ahead?`,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Yes, do it', default: false } },
          required: ['confirm'],
        },
      },
      {
        signal,
        timeout: context.timeoutMs ?? CONFIRMATION_TIMEOUT_MS,
        ...(channel.on === 'call' && { relatedRequestId: context.callId }),
      },
    );
  } catch (error) {
    if (signal.aborted) throw error;
    const timedOut = error instanceof McpError && error.code === ErrorCode.RequestTimeout;
    const why = timedOut
      ? 'The user did not answer the confirmation in time.'
      : `The client could not ask the user (${error instanceof Error ? error.message : String(error)}).`;
    return { go: false, why: `Not done: ${what}. ${why}` };
  }
  if (answer.action === 'accept' && answer.content?.confirm === true) return { go: true };
  const how = answer.action === 'cancel' ? 'dismissed the confirmation' : 'declined';
  return { go: false, why: `Not done: ${what}. The user ${how}; nothing was changed.` };
}
