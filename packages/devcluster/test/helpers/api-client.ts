import { Agent, fetch as undiciFetch } from 'undici';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown> & { message?: string; reason?: string; code?: number };
}

/** Raw HTTP against the simulator, so tests see exactly the status codes and bodies it sends. */
export function apiClient(baseUrl: string, caCert?: string) {
  const dispatcher = new Agent(caCert ? { connect: { ca: caCert } } : {});
  return async (
    method: string,
    path: string,
    options: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await undiciFetch(`${baseUrl}${path}`, { method, headers, body, dispatcher });
    const text = await response.text();
    let parsed: ApiAnswer['body'];
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { text };
    }
    return { status: response.status, body: parsed };
  };
}
