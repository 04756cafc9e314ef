import { request } from 'node:http';
import { connect } from 'node:net';

// Talking to a forwarded local port the way a user's tools would: plain HTTP, and raw TCP to see
// whether anything still listens.

/** A GET on a fresh connection; rejects when the connection drops before an answer. */
export function httpGet(address: string, path = '/'): Promise<{ status: number; body: string }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const call = request({ host, port: Number(port), path, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end();
  });
}

/** Whether a TCP connection to `address` is accepted (true) or refused (false). */
export function accepts(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: host ?? '', port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve(false);
      else reject(error);
    });
  });
}
