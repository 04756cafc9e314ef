// How every object and error answer is written: JSON (or YAML or protobuf when asked), never cached.
import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import type { ApiError } from '../api/status.js';
import { sendProtobuf } from './protobuf-response.js';
import type { ResponseFormat } from './response-format.js';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  format: ResponseFormat = 'json',
): void {
  if (format === 'protobuf' && sendProtobuf(response, status, body)) return;
  const yaml = format === 'yaml';
  const payload = yaml ? toYaml(body) : JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': yaml ? 'application/yaml' : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

export function sendError(response: ServerResponse, error: ApiError): void {
  sendJson(response, error.code, error.status);
}
