import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A secret setting (client secret, registration token, encryption key). Printing, logging or serialising
 * it shows `[redacted]`; only `reveal()` gives the value, so a settings object can be logged safely.
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
