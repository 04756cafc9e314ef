import { type Command, Option } from 'commander';
import type { OAuthClient, UpstreamGrant } from '../oauth/index.js';
import { type AdminStore, adminStoreFlags, openAdminStore } from './admin-store.js';

// `mcp-kubernetes admin`: what an operator does to the logins of a running deployment, against the
// store `serve` uses. Prints tables as kubectl does, or JSON with -o json. Never prints a token.

const OUTPUTS = ['table', 'json'] as const;
type Output = (typeof OUTPUTS)[number];

type Row = Record<string, string>;

/** Aligned columns with upper-case headers; "No ... found." when empty. */
export function formatTable(rows: readonly Row[], empty: string): string {
  const [first] = rows;
  if (!first) return `${empty}\n`;
  const columns = Object.keys(first);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('   ')
      .trimEnd();
  return `${[line(columns.map((column) => column.toUpperCase())), ...rows.map((row) => line(columns.map((column) => row[column] ?? '')))].join('\n')}\n`;
}

function print(output: Output, rows: Row[], empty: string, write: (text: string) => void): void {
  write(output === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows, empty));
}

const iso = (ms: number) => new Date(ms).toISOString();

function clientRow(client: OAuthClient): Row {
  return {
    client_id: client.clientId,
    name: client.clientName ?? '',
    auth: client.tokenEndpointAuthMethod,
    registered_by: client.registeredBy,
    registered_at: iso(client.clientIdIssuedAt * 1000),
    redirect_uris: client.redirectUris.join(' '),
    exchange_audiences: (client.tokenExchangeAudiences ?? []).join(' '),
  };
}

function grantRow(grant: UpstreamGrant): Row {
  return {
    grant_id: grant.grantId,
    client_id: grant.clientId,
    subject: grant.identity.subject,
    email: grant.identity.email ?? '',
    scope: grant.scopes.join(' '),
    created_at: iso(grant.createdAt),
    expires_at: iso(grant.expiresAt),
  };
}

/** The grants of a person, named by subject or email (case-insensitive), optionally of one client. */
async function grantsOf(store: AdminStore, user: string, client?: string): Promise<UpstreamGrant[]> {
  const wanted = user.toLowerCase();
  return (await store.grants.list()).filter(
    ({ identity, clientId }) =>
      (identity.subject === user || identity.email?.toLowerCase() === wanted) &&
      (client === undefined || clientId === client),
  );
}

type Action = (store: AdminStore, write: (text: string) => void) => Promise<number>;

/** Opens the store, runs the action, closes the store; the exit status is the action's. */
export async function runAdmin(
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  action: Action,
  write: (text: string) => void,
): Promise<number> {
  const store = await openAdminStore(options, env);
  try {
    return await action(store, write);
  } finally {
    await store.close();
  }
}

function addStoreOptions(command: Command): Command {
  for (const flag of adminStoreFlags) {
    const description = flag.env ? `${flag.help} [env: ${flag.env}]` : flag.help;
    command.addOption(
      flag.kind === 'boolean'
        ? new Option(flag.name, description)
        : new Option(`${flag.name} <${flag.placeholder ?? 'value'}>`, description),
    );
  }
  return command.addOption(
    new Option('-o, --output <format>', 'table or json').choices(OUTPUTS).default('table'),
  );
}

function leaf(
  parent: Command,
  name: string,
  description: string,
  action: (options: Record<string, unknown>, args: string[]) => Action,
) {
  const command = addStoreOptions(parent.command(name).description(description));
  return command.action(async (...received: unknown[]) => {
    const args = received.slice(0, -2) as string[];
    const options = command.opts();
    try {
      process.exitCode = await runAdmin(options, process.env, action(options, args), (text) =>
        process.stdout.write(text),
      );
    } catch (error) {
      process.stderr.write(`mcp-kubernetes admin: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  });
}

function userOption(): Option {
  return new Option('--user <subject-or-email>', 'the person: their subject or email').makeOptionMandatory();
}

export function adminCommand(program: Command): Command {
  const admin = program
    .command('admin')
    .description('manage the registered clients and the logins (grants) in the store serve uses');
  const clients = admin.command('clients').description('registered OAuth clients');
  leaf(clients, 'list', 'list the registered clients', (options) => async (store, write) => {
    const rows = (await store.clients.list()).map(clientRow);
    print(options.output as Output, rows, 'No clients registered.', write);
    return 0;
  });
  leaf(
    clients,
    'delete <client-id>',
    'delete a client and revoke every login made with it',
    (_options, [clientId = '']) =>
      async (store, write) => {
        if (!(await store.clients.find(clientId))) {
          write(`No client ${clientId}.\n`);
          return 1;
        }
        const revoked = await store.clients.delete(clientId, store.grants);
        write(`Client ${clientId} deleted; ${revoked} grant(s) revoked.\n`);
        return 0;
      },
  );
  leaf(
    clients,
    'allow-exchange <client-id> [audiences...]',
    'set the audiences a client may exchange user tokens for (RFC 8693); none: exchange not allowed',
    // Commander passes the variadic argument as one array.
    (_options, [clientId = '', ...rest]) =>
      async (store, write) => {
        const audiences = rest.flat();
        if (!(await store.clients.allowTokenExchange(clientId, audiences))) {
          write(`No client ${clientId}.\n`);
          return 1;
        }
        const allowed =
          audiences.length > 0 ? `may exchange tokens for ${audiences.join(' ')}` : 'may not exchange tokens';
        write(`Client ${clientId} ${allowed}.\n`);
        return 0;
      },
  );
  const grants = admin.command('grants').description('the logins (grants) of people');
  leaf(grants, 'list', "list a person's grants", (options) => async (store, write) => {
    const rows = (await grantsOf(store, String(options.user))).map(grantRow);
    print(options.output as Output, rows, 'No grants found.', write);
    return 0;
  }).addOption(userOption());
  leaf(grants, 'revoke', "revoke a person's grants, with their tokens", (options) => async (store, write) => {
    const client = typeof options.client === 'string' ? options.client : undefined;
    const found = await grantsOf(store, String(options.user), client);
    for (const grant of found) await store.grants.revoke(grant.grantId);
    write(`${found.length} grant(s) revoked.\n`);
    return 0;
  })
    .addOption(userOption())
    .addOption(new Option('--client <client-id>', 'only the grants of this client'));
  return admin;
}
