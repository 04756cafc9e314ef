import { Command } from 'commander';
import { VERSION } from '../version.js';
import { adminCommand } from './admin-command.js';
import { checkCommand } from './check-command.js';
import { devCommand } from './dev-command.js';
import { devclusterCommand } from './devcluster-command.js';
import { serveCommand } from './serve-command.js';

export function buildProgram(): Command {
  const program = new Command('mcp-kubernetes')
    .description('MCP server for Kubernetes with a built-in OAuth 2.1 authorization server')
    .version(VERSION, '--version', 'print the version')
    .showSuggestionAfterError()
    .showHelpAfterError('(run with --help for the flags and their values)');
  program
    .command('version')
    .description('print the version')
    .action(() => {
      process.stdout.write(`mcp-kubernetes ${VERSION}\n`);
    });
  devCommand(program);
  devclusterCommand(program);
  serveCommand(program);
  checkCommand(program);
  adminCommand(program);
  return program;
}
