import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientRegistry, UpstreamGrants } from '../../../src/oauth/index.js';
import { AesGcmCipher, RecordVault } from '../../../src/storage/index.js';
import { SqliteStore } from '../../../src/storage/sqlite/index.js';
import { runCli } from '../../helpers/cli-process.js';

// `mcp-kubernetes admin` against an encrypted SQLite store filled through the store API, as serve
// fills it: the built CLI is run as an operator runs it, with the server's variables.

const KEY = randomBytes(32).toString('base64');
const path = join(mkdtempSync(join(tmpdir(), 'admin-')), 'oauth.db');
const ENV = {
  MCP_KUBERNETES_OAUTH_STORAGE_TYPE: 'sqlite',
  MCP_KUBERNETES_OAUTH_STORAGE_PATH: path,
  OAUTH_ENCRYPTION_KEY: KEY,
};
const UPSTREAM_SECRET = 'upstream-access-token-never-printed';
let editor = '';
let viewer = '';

const admin = (...args: string[]) => runCli(['admin', ...args], ENV);

beforeAll(async () => {
  const store = new SqliteStore({ path });
  const vault = new RecordVault(store, new AesGcmCipher(Buffer.from(KEY, 'base64')));
  const clients = new ClientRegistry(vault, { allowedScopes: [], registrationToken: 'r'.repeat(32) });
  const grants = new UpstreamGrants(vault);
  const register = async (name: string) =>
    (
      await clients.register({
        metadata: {
          client_name: name,
          redirect_uris: ['http://127.0.0.1:9/cb'],
          token_endpoint_auth_method: 'none',
        },
        registrationToken: 'r'.repeat(32),
        ipAddress: '127.0.0.1',
      })
    ).client_id;
  editor = await register('Editor');
  viewer = await register('Viewer');
  const grant = (clientId: string, subject: string, email: string) =>
    grants.create({
      clientId,
      identity: { subject, email, groups: [] },
      scopes: ['openid', 'kubernetes:read'],
      upstream: { accessToken: UPSTREAM_SECRET },
    });
  await grant(editor, 'alice-sub', 'alice@example.com');
  await grant(viewer, 'alice-sub', 'alice@example.com');
  await grant(viewer, 'bob-sub', 'bob@example.com');
  await store.close();
});

describe('mcp-kubernetes admin', () => {
  it('lists the clients as a table and as JSON', async () => {
    const table = await admin('clients', 'list');
    expect(table.code).toBe(0);
    expect(table.output).toMatch(/^CLIENT_ID\s+NAME\s+AUTH\s+REGISTERED_BY\s+REGISTERED_AT\s+REDIRECT_URIS/);
    expect(table.output).toContain(editor);
    const json = await admin('clients', 'list', '-o', 'json');
    const rows = JSON.parse(json.output) as { client_id: string; name: string }[];
    expect(rows.map((row) => row.name).sort()).toEqual(['Editor', 'Viewer']);
  });

  it("lists a person's grants by email or subject, never printing a token", async () => {
    const byEmail = JSON.parse(
      (await admin('grants', 'list', '--user', 'ALICE@example.com', '-o', 'json')).output,
    );
    expect(byEmail.map((row: { client_id: string }) => row.client_id).sort()).toEqual(
      [editor, viewer].sort(),
    );
    const table = await admin('grants', 'list', '--user', 'bob-sub');
    expect(table.output).toContain('bob@example.com');
    expect(table.output).not.toContain('alice');
    expect(table.output).not.toContain(UPSTREAM_SECRET);
  });

  it('allows a client to exchange tokens for audiences, shows them, refuses a bad one, and clears them', async () => {
    const audience = 'https://mcp.example.com/mcp';
    expect(await admin('clients', 'allow-exchange', editor, audience)).toEqual({
      code: 0,
      output: `Client ${editor} may exchange tokens for ${audience}.\n`,
    });
    const rows = JSON.parse((await admin('clients', 'list', '-o', 'json')).output) as Record<
      string,
      string
    >[];
    expect(rows.find((row) => row.client_id === editor)?.exchange_audiences).toBe(audience);
    const bad = await admin('clients', 'allow-exchange', editor, 'not a url');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('a token exchange audience must be an absolute http(s) URL');
    expect(await admin('clients', 'allow-exchange', editor)).toEqual({
      code: 0,
      output: `Client ${editor} may not exchange tokens.\n`,
    });
    expect(await admin('clients', 'allow-exchange', 'nobody', audience)).toEqual({
      code: 1,
      output: 'No client nobody.\n',
    });
  });

  it("revokes a person's grants of one client, then deletes a client with its grants", async () => {
    const revoked = await admin('grants', 'revoke', '--user', 'alice@example.com', '--client', editor);
    expect(revoked).toEqual({ code: 0, output: '1 grant(s) revoked.\n' });
    const left = JSON.parse((await admin('grants', 'list', '--user', 'alice-sub', '-o', 'json')).output);
    expect(left.map((row: { client_id: string }) => row.client_id)).toEqual([viewer]);

    const deleted = await admin('clients', 'delete', viewer);
    expect(deleted).toEqual({ code: 0, output: `Client ${viewer} deleted; 2 grant(s) revoked.\n` });
    expect((await admin('grants', 'list', '--user', 'bob-sub')).output).toBe('No grants found.\n');
    expect(await admin('clients', 'delete', viewer)).toEqual({ code: 1, output: `No client ${viewer}.\n` });
    // An id from an earlier build may start with `-`: after `--` it is read as an id (docs/oauth.md).
    expect(await admin('clients', 'delete', '--', '-Xb2-old')).toEqual({
      code: 1,
      output: 'No client -Xb2-old.\n',
    });
  });

  it('refuses the memory store and a wrong key, saying why', async () => {
    const memory = await runCli(['admin', 'clients', 'list'], {});
    expect(memory.code).toBe(1);
    expect(memory.output).toContain('the memory store lives inside the serve process');
    const wrongKey = await runCli(['admin', 'clients', 'list'], {
      ...ENV,
      OAUTH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.output).not.toContain(KEY);
  });
});
