import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { parseServerConfig } from '../../../src/settings/parse-server-config.js';
import type { ServerConfigInput } from '../../../src/settings/server-config.js';

function problem(input: ServerConfigInput): string {
  try {
    parseServerConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe('server settings', () => {
  it('defaults to a safe local server', () => {
    const config = parseServerConfig();
    expect(config).toMatchObject({
      transport: 'stdio',
      httpAddr: '127.0.0.1:8080',
      httpEndpoint: '/mcp',
      sessionIdleTimeout: 30 * 60_000,
      nonDestructive: true,
      dryRun: false,
      readOnly: false,
      qpsLimit: 50,
      burstLimit: 100,
      requestTimeout: 30_000,
      maxOutputBytes: 64 * 1024,
      httpGetMaxBytes: 64 * 1024,
      maxRequestSize: 4 * 1024 * 1024,
      allowedHosts: [],
    });
  });

  it('parses durations, sizes and comma-separated lists as people write them', () => {
    const config = parseServerConfig({
      sessionIdleTimeout: '1h30m',
      requestTimeout: '90s',
      maxOutputBytes: '128KiB',
      allowedNamespaces: 'team-a, team-b,',
      allowedHosts: 'mcp.example.com:8443,[fd00::1]',
      qpsLimit: '7.5',
    });
    expect(config.sessionIdleTimeout).toBe(90 * 60_000);
    expect(config.requestTimeout).toBe(90_000);
    expect(config.maxOutputBytes).toBe(128 * 1024);
    expect(config.allowedNamespaces).toEqual(['team-a', 'team-b']);
    expect(config.allowedHosts).toEqual(['mcp.example.com:8443', '[fd00::1]']);
    expect(config.qpsLimit).toBe(7.5);
  });

  it('takes values in code as numbers and arrays too', () => {
    const config = parseServerConfig({ requestTimeout: 1500, deniedResources: ['secrets'], burstLimit: 3 });
    expect(config).toMatchObject({ requestTimeout: 1500, deniedResources: ['secrets'], burstLimit: 3 });
  });

  it.each([
    [{ transport: 'websocket' }, '--transport takes one of stdio, streamable-http, sse, got "websocket"'],
    [{ sessionIdleTimeout: '30 minutes' }, '--session-idle-timeout takes a duration'],
    [{ requestTimeout: '10ms' }, '--request-timeout takes a duration of at least 100ms'],
    [{ burstLimit: '2.5' }, '--burst-limit takes a whole number from 1 to 100000, got "2.5"'],
    [{ qpsLimit: 'fast' }, '--qps-limit takes a number'],
    [{ maxOutputBytes: '12' }, '--max-output-bytes takes a size from 1 KiB to 16 MiB'],
    [{ httpGetMaxBytes: '100' }, '--http-get-max-bytes takes a size from 1 KiB to 16 MiB'],
    [{ httpAddr: 'localhost' }, '--http-addr takes host:port'],
    [{ httpEndpoint: 'mcp' }, '--http-endpoint takes a path starting with "/"'],
    [{ nonDestructive: 'perhaps' }, '--non-destructive takes true or false'],
    [{ brandTitle: 'x' }, 'unknown settings: brandTitle'],
    [{ allowedHosts: 'ok.example, https://x.example/' }, '--allowed-hosts takes host names such as'],
  ])('refuses %j naming the flag and what it takes', (input, message) => {
    expect(problem(input as ServerConfigInput)).toContain(message);
  });

  it('reports every wrong setting at once', () => {
    const message = problem({ transport: 'x', burstLimit: 0 } as unknown as ServerConfigInput);
    expect(message.split('\n')).toHaveLength(2);
  });

  describe('HTTP beyond loopback', () => {
    it.each(['0.0.0.0:8080', ':8080', '10.1.2.3:8080', '[::]:8080'])(
      'refuses %s without authentication, saying why',
      (httpAddr) => {
        const message = problem({ transport: 'streamable-http', httpAddr });
        expect(message).toContain('--http-addr');
        expect(message).toContain('listens beyond loopback');
        expect(message).toContain('--allow-unauthenticated-http');
      },
    );

    it('refuses the sse transport there too', () => {
      expect(problem({ transport: 'sse', httpAddr: '0.0.0.0:8080' })).toContain('beyond loopback');
    });

    it.each(['127.0.0.1:0', 'localhost:8080', '[::1]:8080', '127.1.2.3:9000'])(
      'accepts loopback %s',
      (httpAddr) => {
        expect(parseServerConfig({ transport: 'streamable-http', httpAddr }).httpAddr).toBe(httpAddr);
      },
    );

    it('accepts it with --allow-unauthenticated-http', () => {
      const config = parseServerConfig({
        transport: 'streamable-http',
        httpAddr: '0.0.0.0:8080',
        allowUnauthenticatedHttp: true,
      });
      expect(config.allowUnauthenticatedHttp).toBe(true);
    });

    it('does not apply to stdio, which never listens', () => {
      expect(parseServerConfig({ httpAddr: '0.0.0.0:8080' }).transport).toBe('stdio');
    });
  });
});
