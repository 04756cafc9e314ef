import type { GetPromptResult, Prompt } from '@modelcontextprotocol/server';
import { RED_PIXEL_PNG } from './fixture-media.js';

// The conformance suite's test prompts: one without arguments, one that repeats its arguments, one
// that embeds a resource and one that shows an image.

interface FixturePrompt extends Prompt {
  messages(args: Record<string, string>): GetPromptResult['messages'];
}

export const FIXTURE_PROMPTS: readonly FixturePrompt[] = [
  {
    name: 'test_simple_prompt',
    description: 'A prompt without arguments.',
    messages: () => [
      { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
    ],
  },
  {
    name: 'test_prompt_with_arguments',
    description: 'A prompt that repeats its two arguments.',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
    messages: (args) => [
      {
        role: 'user',
        content: { type: 'text', text: `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'` },
      },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt that embeds the resource it is given.',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
    messages: (args) => [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: args.resourceUri ?? '',
            mimeType: 'text/plain',
            text: 'Embedded resource content for testing.',
          },
        },
      },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ],
  },
  {
    name: 'test_prompt_with_image',
    description: 'A prompt that shows an image.',
    messages: () => [
      { role: 'user', content: { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ],
  },
];
