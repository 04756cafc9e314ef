import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpKubernetesServer } from '../../../src/server/create-server.js';
import { runCli } from '../../helpers/cli-process.js';
import { call, connectStreamableHttp, startHttpServer, toolNames, useTeamCluster } from './mcp-fixtures.js';

// --conformance-fixtures: the conformance suite's test tools, prompts and resources are served only
// under the flag, beside the product's own, which still answer as before.

const cluster = useTeamCluster();
let server: McpKubernetesServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function connectTo(conformanceFixtures: boolean) {
  const started = await startHttpServer({ kubeconfig: cluster.kubeconfig, conformanceFixtures });
  server = started;
  return connectStreamableHttp(started.url);
}

describe('--conformance-fixtures', () => {
  it('is off by default and says in --help that it is for the conformance suite only', async () => {
    const { output } = await runCli(['serve', '--help']);
    const help = output.replace(/\s+/g, ' ');
    const line =
      /--conformance-fixtures \[bool\] for the MCP conformance suite only[^\n]*?\(default: false[^)]*\)/;
    expect(help).toMatch(line);
    // A flag only: no environment variable can turn the fixtures on.
    expect(help.match(line)?.[0]).not.toContain('env:');
  });

  it('without it, the server offers no fixture, resource or completion', async () => {
    const client = await connectTo(false);
    expect((await toolNames(client)).filter((name) => name.startsWith('test_'))).toEqual([]);
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).not.toContain(
      'test_simple_prompt',
    );
    const capabilities = client.getServerCapabilities();
    expect(capabilities?.resources).toBeUndefined();
    expect(capabilities?.completions).toBeUndefined();
    await expect(client.listResources()).rejects.toThrow(/Method not found/);
    await client.close();
  });

  it('with it, the fixtures sit beside the Kubernetes tools and prompts, which still answer', async () => {
    const client = await connectTo(true);
    const names = await toolNames(client);
    expect(names).toEqual(expect.arrayContaining(['kubernetes_list', 'test_simple_text', 'test_sampling']));
    expect((await call(client, 'kubernetes_list', { resourceType: 'configmaps' })).text).toContain(
      'web-config',
    );
    expect(await call(client, 'test_simple_text')).toEqual({
      text: 'This is a simple text response for testing.',
      isError: false,
    });
    const prompts = (await client.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(prompts).toEqual(expect.arrayContaining(['diagnose-pod', 'test_simple_prompt']));
    const diagnosis = await client.getPrompt({ name: 'diagnose-pod', arguments: { name: 'web-1' } });
    expect(JSON.stringify(diagnosis.messages)).toContain('web-1');
    await client.close();
  });

  it('with it, bad requests to the fixtures get clear errors', async () => {
    const client = await connectTo(true);
    // This client declared no sampling capability.
    expect(await call(client, 'test_sampling', { prompt: 'hello' })).toEqual({
      text: 'The client did not declare the sampling capability',
      isError: true,
    });
    const unknown = 'test://no-such-resource';
    const notFound = await client.readResource({ uri: unknown }).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(McpError);
    expect(notFound).toMatchObject({ code: -32602, data: { uri: unknown } });
    await expect(
      client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'a' } }),
    ).rejects.toThrow('Prompt test_prompt_with_arguments needs arg2');
    const completion = await client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'test' },
    });
    expect(completion.completion.values).toEqual(['test', 'testing', 'tested']);
    await client.close();
  });
});
