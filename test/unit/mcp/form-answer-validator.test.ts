import { describe, expect, it } from 'vitest';
import { formAnswerValidator } from '../../../src/mcp/form-answer-validator.js';

// The check the SDK's Server makes of a user's answer to a form, without Ajv (scripts/build.mjs).

const CONFIRM_FORM = {
  type: 'object',
  properties: {
    confirm: { type: 'boolean' },
    reason: { type: 'string', enum: ['maintenance', 'cleanup'] },
    count: { type: 'integer' },
  },
  required: ['confirm'],
} as const;

const check = formAnswerValidator.getValidator(CONFIRM_FORM);

describe('form answer validator', () => {
  it('accepts an answer that fills the form', () => {
    const answer = { confirm: true, reason: 'cleanup', count: 2 };
    expect(check(answer)).toEqual({ valid: true, data: answer, errorMessage: undefined });
    expect(check({ confirm: false }).valid).toBe(true);
  });

  it.each([
    { answer: {}, problem: '"confirm" is missing' },
    { answer: { confirm: 'yes' }, problem: '"confirm" must be a boolean' },
    { answer: { confirm: true, count: 1.5 }, problem: '"count" must be an integer' },
    { answer: { confirm: true, reason: 'fun' }, problem: '"reason" must be one of the offered values' },
    { answer: { confirm: true, extra: 1 }, problem: '"extra" is not a field of the form' },
    { answer: [true], problem: 'the answer is not an object' },
    { answer: null, problem: 'the answer is not an object' },
  ])('refuses $answer: $problem', ({ answer, problem }) => {
    expect(check(answer)).toEqual({ valid: false, data: undefined, errorMessage: problem });
  });
});
