// How the workload controllers retry pod creates the API refused (a quota, a LimitRange): as their
// work queue's rate limiter does, each refusal in a row waits twice as long, from 0.5 s to 16 s, so
// pods appear soon after the obstacle goes (nothing the controllers watch says when it does).
import { ApiError } from '../api/status.js';
import type { Controller, ControllerContext } from './controller.js';

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 16_000;

export class RefusedCreates {
  /** Refused syncs in a row, per key. */
  private readonly refusals = new Map<string, number>();

  constructor(
    private readonly context: ControllerContext,
    private readonly controller: Controller,
  ) {}

  /** Runs `create`; a refusal is returned as its message, anything else thrown. */
  attempt(create: () => void): string | undefined {
    try {
      create();
      return undefined;
    } catch (error) {
      if (error instanceof ApiError) return error.message;
      throw error;
    }
  }

  /** After a sync of `key`: a refusal schedules the next try, a sync without one resets the wait. */
  settle(key: string, refusal: string | undefined): void {
    if (refusal === undefined) {
      this.refusals.delete(key);
      return;
    }
    const refusals = this.refusals.get(key) ?? 0;
    this.refusals.set(key, refusals + 1);
    this.context.requeueAfter(this.controller, key, Math.min(FIRST_RETRY_MS * 2 ** refusals, LAST_RETRY_MS));
  }
}
