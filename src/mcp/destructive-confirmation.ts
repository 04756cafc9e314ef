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

function canElicitForms(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation;
  // A client that declares elicitation without modes supports forms (MCP 2025-06-18).
  return elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined);
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
 * or the question to ask first. `answers` are the input responses of a retried request.
 */
export function confirmDestructive(
  capabilities: ClientCapabilities | undefined,
  mode: ConfirmDestructive,
  what: string,
  answers: Record<string, unknown> | undefined,
): Confirmation {
  if (mode === 'never') return { go: true };
  if (!canElicitForms(capabilities)) {
    if (mode === 'auto') return { go: true };
    return {
      go: false,
      why:
        `Not done: ${what}. The server runs with --confirm-destructive=always and this client cannot ask ` +
        'the user to confirm (it does not support MCP elicitation).',
    };
  }
  const answer = inputResponse(answers, QUESTION);
  if (answer.kind === 'missing') return { ask: question(what) };
  if (answer.kind === 'elicit' && answer.action === 'accept' && answer.content?.confirm === true) {
    return { go: true };
  }
  const how =
    answer.kind === 'elicit' && answer.action === 'cancel' ? 'dismissed the confirmation' : 'declined';
  return { go: false, why: `Not done: ${what}. The user ${how}; nothing was changed.` };
}
