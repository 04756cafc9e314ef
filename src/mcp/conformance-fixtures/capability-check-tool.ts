import { MissingRequiredClientCapabilityError } from '@modelcontextprotocol/server';
import { type FixtureTool, NO_ARGUMENTS, textResult } from './fixture-tool.js';

// The fixture tool with which the suite checks a 2026-07-28 wire rule around a tool call: a tool
// that needs a client capability is refused with -32021 when the request's `_meta` lacks it.

const missingCapability: FixtureTool = {
  tool: {
    name: 'test_missing_capability',
    description: "Needs the client's sampling capability, and says so when it is not declared.",
    inputSchema: NO_ARGUMENTS,
  },
  async call(_args, { server }) {
    if (!server.getClientCapabilities()?.sampling) {
      throw new MissingRequiredClientCapabilityError({ requiredCapabilities: { sampling: {} } });
    }
    return textResult('The client declared sampling.');
  },
};

export const CAPABILITY_CHECK_TOOLS: readonly FixtureTool[] = [missingCapability];
