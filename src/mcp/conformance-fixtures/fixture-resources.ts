import {
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceResult,
  type Resource,
  type Server,
} from '@modelcontextprotocol/server';
import { RED_PIXEL_PNG } from './fixture-media.js';

// The conformance suite's test:// resources: a text one, a binary one, one to subscribe to, and a
// template whose `{id}` shows up in what is read. The product itself offers no resources.

type Contents = ReadResourceResult['contents'][number];

interface FixtureResource extends Resource {
  contents: Contents;
}

const RESOURCES: readonly FixtureResource[] = [
  {
    uri: 'test://static-text',
    name: 'static-text',
    description: 'A fixed text.',
    mimeType: 'text/plain',
    contents: {
      uri: 'test://static-text',
      mimeType: 'text/plain',
      text: 'This is the content of the static text resource.',
    },
  },
  {
    uri: 'test://static-binary',
    name: 'static-binary',
    description: 'A fixed PNG image.',
    mimeType: 'image/png',
    contents: { uri: 'test://static-binary', mimeType: 'image/png', blob: RED_PIXEL_PNG },
  },
  {
    uri: 'test://watched-resource',
    name: 'watched-resource',
    description: 'A text clients may subscribe to.',
    mimeType: 'text/plain',
    contents: { uri: 'test://watched-resource', mimeType: 'text/plain', text: 'Watched content.' },
  },
];

const TEMPLATE = {
  uriTemplate: 'test://template/{id}/data',
  name: 'template-data',
  description: 'Data about the item {id}.',
  mimeType: 'application/json',
};
const TEMPLATE_PATTERN = /^test:\/\/template\/([^/]+)\/data$/;

function contentsOf(uri: string): Contents {
  const resource = RESOURCES.find((candidate) => candidate.uri === uri);
  if (resource) return resource.contents;
  const id = TEMPLATE_PATTERN.exec(uri)?.[1];
  if (id !== undefined) {
    const data = { id, templateTest: true, data: `Data for ID: ${id}` };
    return { uri, mimeType: TEMPLATE.mimeType, text: JSON.stringify(data) };
  }
  // SEP-2164: an unknown URI is an invalid parameter, and the error names it.
  throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Resource not found: ${uri}`, { uri });
}

/** Declares resources (with subscriptions) and answers their requests. */
export function serveFixtureResources(server: Server): void {
  server.registerCapabilities({ resources: { subscribe: true, listChanged: false } });
  server.setRequestHandler('resources/list', () => ({
    resources: RESOURCES.map(({ contents: _contents, ...resource }) => resource),
  }));
  server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: [TEMPLATE] }));
  server.setRequestHandler('resources/read', (request) => ({
    contents: [contentsOf(request.params.uri)],
  }));
  // The resources never change, so a subscription never has an update to send: accepting it is all.
  server.setRequestHandler('resources/subscribe', (request) => {
    contentsOf(request.params.uri);
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', (request) => {
    contentsOf(request.params.uri);
    return {};
  });
}
