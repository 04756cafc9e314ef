import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CONFIRM_DESTRUCTIVE } from '../config/index.js';

// Before a destructive call (delete, drain, exec) the user is asked through MCP elicitation, in
// form mode: the message says what will happen to which objects, and only an accept with the box
// ticked goes on. Decline, cancel, no answer within the time limit: nothing is done.

export type ConfirmDestructive = (typeof CONFIRM_DESTRUCTIVE)[number];

/** How long the user has to answer before the call is given up, unchanged. */
export const CONFIRMATION_TIMEOUT_MS = 120_000;

export type Confirmation = { go: true } | { go: false; why: string };

function canElicitForms(server: Server): boolean {
  const elicitation = server.getClientCapabilities()?.elicitation;
  // A client that declares elicitation without modes supports forms (MCP 2025-06-18).
  return elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined);
}

/** Asks the client's user to confirm `what`, as --confirm-destructive says. */
export async function confirmDestructive(
  server: Server,
  mode: ConfirmDestructive,
  what: string,
  signal: AbortSignal,
  timeoutMs = CONFIRMATION_TIMEOUT_MS,
): Promise<Confirmation> {
  if (mode === 'never') return { go: true };
  if (!canElicitForms(server)) {
    if (mode === 'auto') return { go: true };
    return {
      go: false,
      why:
        `Not done: ${what}. The server runs with --confirm-destructive=always and this client cannot ask ` +
        'the user to confirm (it does not support MCP elicitation).',
    };
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
      { signal, timeout: timeoutMs },
    );
  } catch (error) {
    if (signal.aborted) throw error;
    return { go: false, why: `Not done: ${what}. The user did not answer the confirmation in time.` };
  }
  if (answer.action === 'accept' && answer.content?.confirm === true) return { go: true };
  const how = answer.action === 'cancel' ? 'dismissed the confirmation' : 'declined';
  return { go: false, why: `Not done: ${what}. The user ${how}; nothing was changed.` };
}
