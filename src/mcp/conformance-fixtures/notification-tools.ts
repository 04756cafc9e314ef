import type { ServerNotification } from '@modelcontextprotocol/server';
import { type FixtureTool, NO_ARGUMENTS, pause, textResult } from './fixture-tool.js';

// The fixture tools that send notifications while they run. They are sent as part of the call
// (on its response stream), spaced out so that a client sees them arrive one by one.

const STEP_MS = 50;

const withLogging: FixtureTool = {
  tool: {
    name: 'test_tool_with_logging',
    description: 'Sends three log messages while it runs.',
    inputSchema: NO_ARGUMENTS,
  },
  async call(_args, { ctx }) {
    const messages = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];
    for (const [index, data] of messages.entries()) {
      if (index > 0) await pause(STEP_MS, ctx.mcpReq.signal);
      const notification: ServerNotification = {
        method: 'notifications/message',
        params: { level: 'info', logger: 'conformance-fixtures', data },
      };
      await ctx.mcpReq.notify(notification);
    }
    return textResult('Logged three messages.');
  },
};

const withProgress: FixtureTool = {
  tool: {
    name: 'test_tool_with_progress',
    description: 'Reports its progress at 0, 50 and 100 of 100 when the caller asks for progress.',
    inputSchema: NO_ARGUMENTS,
  },
  async call(_args, { ctx }) {
    const progressToken = ctx.mcpReq._meta?.progressToken;
    for (const progress of [0, 50, 100]) {
      if (progress > 0) await pause(STEP_MS, ctx.mcpReq.signal);
      if (progressToken === undefined) continue;
      const notification: ServerNotification = {
        method: 'notifications/progress',
        params: { progressToken, progress, total: 100 },
      };
      await ctx.mcpReq.notify(notification);
    }
    return textResult('Finished, progress reported.');
  },
};

export const NOTIFICATION_TOOLS: readonly FixtureTool[] = [withLogging, withProgress];
