import type { z } from 'zod';
import { flagName } from './flag-name.js';

/** Invalid settings, each message naming its flag and what the flag takes. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }

  static fromZod(error: z.ZodError): ConfigError {
    return new ConfigError(
      error.issues.map((issue) => {
        const key = issue.path[0];
        if (issue.code === 'unrecognized_keys') return `unknown settings: ${issue.keys.join(', ')}`;
        return typeof key === 'string' ? `${flagName(key)} ${issue.message}` : issue.message;
      }),
    );
  }
}
