// Answering a pods/log or pods/exec request with a metav1.Status, as kube-apiserver does for its errors.
import type { ServerResponse } from 'node:http';
import type { ApiError } from '../api/status.js';

export function statusBody(error: ApiError): string {
  return JSON.stringify(error.status);
}

export function sendStatus(response: ServerResponse, error: ApiError): void {
  const body = statusBody(error);
  response.writeHead(error.code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}
