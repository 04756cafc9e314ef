// The ApiError an action throws, for tests of the simulator's error answers.
import { ApiError } from '../../src/api/status.js';

/** The ApiError `action` throws; any other outcome fails the test. */
export function thrownApiError(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}
