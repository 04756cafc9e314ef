// How every object and error answer is written: JSON (or YAML when asked), never cached.
import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import type { ApiError } from '../api/status.js';
import type { ResponseFormat } from './response-format.js';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  format: ResponseFormat = 'json',
): void {
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
