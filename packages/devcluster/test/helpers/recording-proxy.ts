// An HTTPS proxy in front of a TLS simulator that keeps every request kubectl sends, bodies
// included, so tests can decode exactly the bytes a real client produced.
import type { IncomingMessage } from 'node:http';
import { createServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateServingCertificates } from '../../src/http/tls-certificates.js';
import { buildKubeconfig } from '../../src/kubeconfig.js';
import type { DevCluster } from '../../src/start.js';

export interface RecordedRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  accept: string | undefined;
  body: Buffer;
  /** The simulator's answer's Content-Type, once it came. */
  responseContentType?: string;
}

export interface RecordingProxy {
  /** A kubeconfig for the simulator's admin, through the proxy. */
  kubeconfig: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRecordingProxy(target: DevCluster): Promise<RecordingProxy> {
  if (!target.caCert) throw new Error('the recording proxy needs a simulator started with tls: true');
  const certificates = await generateServingCertificates(['127.0.0.1', 'localhost']);
  const requests: RecordedRequest[] = [];
  const upstream = new URL(target.url);
  const server = createServer(
    { cert: certificates.cert, key: certificates.key },
    async (request, response) => {
      const body = await bodyOf(request);
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        contentType: request.headers['content-type'],
        accept: request.headers.accept,
        body,
      };
      requests.push(recorded);
      const forwarded = httpsRequest(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          path: request.url,
          method: request.method,
          headers: { ...request.headers, host: upstream.host },
          ca: target.caCert,
        },
        (answer) => {
          recorded.responseContentType = answer.headers['content-type'];
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', () => response.destroy());
      forwarded.end(body);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    kubeconfig: buildKubeconfig({
      server: `https://127.0.0.1:${port}`,
      token: target.adminToken,
      caCert: certificates.caCert,
    }),
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
