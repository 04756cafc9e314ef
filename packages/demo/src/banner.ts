import { type DemoAccount, demoAccounts } from './demo-access.js';
import type { DevEnvironment } from './dev-environment.js';

const SERVER_NAME = 'kubernetes';

/** The lines a person reads after `npm start`: where to connect, who to be, what is insecure. */
export function devBanner(env: DevEnvironment, accounts: DemoAccount[] = demoAccounts()): string {
  const url = env.mcpUrl;
  const lines = [
    '',
    'mcp-kubernetes dev: the whole system on 127.0.0.1, with a simulated Kubernetes cluster',
    '',
    `  MCP server     ${url}`,
    `                 ${env.oauth ? 'OAuth 2.1: your MCP client opens a browser to sign in' : 'no OAuth (--no-oauth)'}`,
    '',
    'Add it to an MCP client:',
    `  Claude Code    claude mcp add --transport http ${SERVER_NAME} ${url}`,
    `  VS Code        code --add-mcp '${JSON.stringify({ name: SERVER_NAME, type: 'http', url })}'`,
    `  Cursor         in ~/.cursor/mcp.json: ${JSON.stringify({ mcpServers: { [SERVER_NAME]: { url } } })}`,
    `  MCP Inspector  npx @modelcontextprotocol/inspector   then connect to ${url} (Streamable HTTP)`,
    '',
    ...(env.oauth ? signInLines(env, accounts) : noOauthLines()),
    '',
    'kubectl as the admin:',
    `  kubectl --kubeconfig ${env.kubeconfigPath} get pods -A`,
    '',
    'This is a LOCAL DEMO with INSECURE settings: do not expose it.',
    ...(env.oauth
      ? [
          '  - public client registration is on (--allow-public-registration): no registration token needed',
          '  - the identity provider signs anyone in as any demo user, without a password',
        ]
      : ['  - the MCP endpoint has no authentication: anything on this machine may use it']),
    `  - everything it writes is in ${env.workDir}, removed when it stops`,
    '',
    'Stop it with Ctrl-C.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function signInLines(env: DevEnvironment, accounts: DemoAccount[]): string[] {
  const width = Math.max(...accounts.map((account) => account.user.email.length));
  return [
    `Sign in as one of these users (local identity provider at ${env.issuer ?? '?'}):`,
    ...accounts.map((account) => `  ${account.user.email.padEnd(width)}  ${account.access}`),
    "Tool calls run as the signed-in user (downstream OAuth): the cluster's RBAC decides what they may do.",
  ];
}

function noOauthLines(): string[] {
  return ["Tool calls run as the simulator's admin (cluster-admin): nobody signs in."];
}
