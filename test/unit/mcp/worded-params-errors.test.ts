import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { wordedParamsError } from '../../../src/mcp/worded-params-errors.js';

const issues = JSON.stringify(
  [
    {
      expected: 'string',
      code: 'invalid_type',
      path: ['params', 'items', 0, 'name'],
      message: 'Invalid input: expected string, received number',
    },
    { code: 'unrecognized_keys', path: ['params'], message: 'Unrecognized key: "x"' },
  ],
  null,
  2,
);

describe('params errors in words', () => {
  it("turns the SDK's issue dump into one line, -32602, whatever code it came with", () => {
    for (const error of [
      new Error(issues),
      new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid tools/call request: ${issues}`),
    ]) {
      const worded = wordedParamsError('tools/call', error);
      expect(worded).toBeInstanceOf(ProtocolError);
      expect(worded).toMatchObject({
        code: ProtocolErrorCode.InvalidParams,
        message:
          'Invalid params for tools/call: params.items[0].name: expected string, received number; params: Unrecognized key: "x"',
      });
    }
  });

  it('leaves every other error as it is', () => {
    const resultCheck = JSON.stringify([
      { code: 'invalid_type', path: ['content', 0], message: 'Invalid input' },
    ]);
    const other = [
      new Error(`Invalid tools/call result: ${resultCheck}`),
      new Error('the cluster is unreachable'),
      new Error('[not json'),
      new Error('[1, 2]'),
      'text',
    ];
    for (const error of other) expect(wordedParamsError('tools/list', error)).toBe(error);
  });
});
