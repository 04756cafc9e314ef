import { MissingRequiredClientCapabilityError } from '@modelcontextprotocol/server';
import { type FixtureTool, NO_ARGUMENTS, requiredString, textResult } from './fixture-tool.js';

// Fixture tools with which the suite checks the 2026-07-28 wire rules around a tool call: a tool
// that needs a client capability (refused with -32021 when the request's `_meta` lacks it) and a
// tool whose argument also travels in a Mcp-Param header (checked against the body by the SDK).

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

const customHeader: FixtureTool = {
  tool: {
    name: 'test_custom_headers',
    description: 'Echoes its region, which the client also sends in the Mcp-Param-Region header.',
    inputSchema: {
      type: 'object',
      properties: { region: { type: 'string', description: 'Any text', 'x-mcp-header': 'Region' } },
      required: ['region'],
    },
  },
  call: async (args) => textResult(`Region: ${requiredString(args, 'region')}`),
};

export const PROTOCOL_CHECK_TOOLS: readonly FixtureTool[] = [missingCapability, customHeader];
