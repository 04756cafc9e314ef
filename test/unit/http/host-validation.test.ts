import { describe, expect, it } from 'vitest';
import { foreignHostProblem, loopbackHostRules, parseHostRule } from '../../../src/http/host-validation.js';

const rules = [...loopbackHostRules(8080), parseHostRule('mcp.example.com'), parseHostRule('[fd00::1]:9000')];

describe('Host and Origin checks against DNS rebinding', () => {
  it.each([
    'localhost:8080',
    '127.0.0.1:8080',
    '[::1]:8080',
    'mcp.example.com',
    'mcp.example.com:443',
    '[fd00::1]:9000',
  ])('accepts Host %s', (host) => {
    expect(foreignHostProblem(rules, host, undefined)).toBeUndefined();
  });

  it.each(['evil.example:8080', 'localhost:8081', 'localhost', '[fd00::1]:9001', 'a b'])(
    'refuses Host %s',
    (host) => {
      expect(foreignHostProblem(rules, host, undefined)).toMatch(/^Host ".*" is not allowed/);
    },
  );

  it('refuses a request without Host', () => {
    expect(foreignHostProblem(rules, undefined, undefined)).toBe('Missing Host header');
  });

  it.each(['http://localhost:8080', 'https://mcp.example.com', 'http://[::1]:8080'])(
    'accepts Origin %s',
    (origin) => {
      expect(foreignHostProblem(rules, 'localhost:8080', origin)).toBeUndefined();
    },
  );

  it.each(['http://evil.example', 'null', 'http://localhost:3000', 'not a url'])(
    'refuses Origin %s',
    (origin) => {
      expect(foreignHostProblem(rules, 'localhost:8080', origin)).toMatch(/^Origin ".*" is not allowed/);
    },
  );
});
