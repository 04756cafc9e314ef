import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import type { RequestPrincipal } from '../../../src/auth/request-principal.js';

/** Stands in for the bearer check: `Bearer user:<subject>` is a valid token, anything else gets 401. */
export const fakeBearer: RequestHandler = (req, res, next) => {
  const match = /^Bearer user:(\S+)$/.exec(req.headers.authorization ?? '');
  if (!match?.[1]) {
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'invalid_token' });
    return;
  }
  const principal: RequestPrincipal = {
    subject: match[1],
    groups: [],
    scopes: [],
    clientId: 'client-1',
    grantId: 'grant-1',
  };
  req.principal = principal;
  next();
};

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on a free loopback port. */
export async function serve(app: Express, server: Server = createServer(app)): Promise<RunningApp> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const scheme = server instanceof HttpsServer ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function newApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  return app;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
