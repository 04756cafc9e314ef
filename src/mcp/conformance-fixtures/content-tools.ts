import { RED_PIXEL_PNG, SILENT_WAV } from './fixture-media.js';
import { errorResult, type FixtureTool, NO_ARGUMENTS, textResult } from './fixture-tool.js';

// The fixture tools that answer with fixed content of each kind the protocol has, or with an error.

const simpleText: FixtureTool = {
  tool: { name: 'test_simple_text', description: 'Returns one text block.', inputSchema: NO_ARGUMENTS },
  call: async () => textResult('This is a simple text response for testing.'),
};

const image: FixtureTool = {
  tool: { name: 'test_image_content', description: 'Returns a PNG image.', inputSchema: NO_ARGUMENTS },
  call: async () => ({ content: [{ type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' }] }),
};

const audio: FixtureTool = {
  tool: { name: 'test_audio_content', description: 'Returns a WAV recording.', inputSchema: NO_ARGUMENTS },
  call: async () => ({ content: [{ type: 'audio', data: SILENT_WAV, mimeType: 'audio/wav' }] }),
};

const embeddedResource: FixtureTool = {
  tool: {
    name: 'test_embedded_resource',
    description: 'Returns an embedded text resource.',
    inputSchema: NO_ARGUMENTS,
  },
  call: async () => ({
    content: [
      {
        type: 'resource',
        resource: {
          uri: 'test://embedded-resource',
          mimeType: 'text/plain',
          text: 'This is an embedded resource content.',
        },
      },
    ],
  }),
};

const mixedContent: FixtureTool = {
  tool: {
    name: 'test_multiple_content_types',
    description: 'Returns text, an image and an embedded resource together.',
    inputSchema: NO_ARGUMENTS,
  },
  call: async () => ({
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' },
      {
        type: 'resource',
        resource: {
          uri: 'test://mixed-content-resource',
          mimeType: 'application/json',
          text: JSON.stringify({ test: 'data', value: 123 }),
        },
      },
    ],
  }),
};

const failing: FixtureTool = {
  tool: {
    name: 'test_error_handling',
    description: 'Always fails, as a tool error.',
    inputSchema: NO_ARGUMENTS,
  },
  call: async () => errorResult('This tool intentionally returns an error for testing'),
};

/** Listed for its input schema, which must reach the client with every JSON Schema 2020-12 keyword kept. */
const jsonSchema202012: FixtureTool = {
  tool: {
    name: 'json_schema_2020_12_tool',
    description: 'Takes a contact described with JSON Schema 2020-12 keywords.',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: {
          $anchor: 'addressDef',
          type: 'object',
          properties: { street: { type: 'string' }, city: { type: 'string' } },
        },
      },
      properties: {
        name: { type: 'string' },
        address: { $ref: '#/$defs/address' },
        contactMethod: { type: 'string', enum: ['phone', 'email'] },
        phone: { type: 'string' },
        email: { type: 'string' },
      },
      allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
      if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, not a promise
      then: { required: ['phone'] },
      else: { required: ['email'] },
      additionalProperties: false,
    },
  },
  call: async (args) => textResult(`Contact received: ${JSON.stringify(args)}`),
};

export const CONTENT_TOOLS: readonly FixtureTool[] = [
  simpleText,
  image,
  audio,
  embeddedResource,
  mixedContent,
  failing,
  jsonSchema202012,
];
