#!/usr/bin/env node
import { buildProgram } from './cli/index.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Errors from our own checks carry a message meant for people; never a stack trace.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
