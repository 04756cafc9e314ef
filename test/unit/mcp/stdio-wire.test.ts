// The stdio wire answers every line it cannot take, and the connection carries on after it.
import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { StdioWire } from '../../../src/mcp/stdio-wire.js';

const PING = '{"jsonrpc":"2.0","id":1,"method":"ping"}';

async function openWire(maxLineBytes?: number) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const wire = new StdioWire(stdin, stdout, maxLineBytes);
  const received: JSONRPCMessage[] = [];
  const errors: string[] = [];
  let closed = false;
  wire.onmessage = (message) => received.push(message);
  wire.onerror = (error) => errors.push(error.message);
  wire.onclose = () => {
    closed = true;
  };
  await wire.start();
  let written = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => {
    written += chunk;
  });
  /** Writes `text` and lets the stream deliver it and the wire answer. */
  const write = async (text: string) => {
    stdin.write(text);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const answers = () =>
    written
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  return { wire, stdin, write, received, errors, answers, closed: () => closed };
}

describe('StdioWire', () => {
  it('delivers messages split across chunks, with CRLF line ends, and skips blank lines', async () => {
    const wire = await openWire();
    await wire.write(`${PING.slice(0, 10)}`);
    await wire.write(`${PING.slice(10)}\r\n\n   \n{"jsonrpc":"2.0","method":"notifications/initialized"}\n`);
    expect(wire.received).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
    ]);
    expect(wire.answers()).toEqual([]);
  });

  it.each([
    ['{"jsonrpc":"2.0","id":7,"method":"ping","params":5}', 7, '"params" must be an object'],
    ['{"jsonrpc":"2.0","id":"a","method":"ping","params":[1]}', 'a', '"params" must be an object'],
    ['{"jsonrpc":"1.0","id":8,"method":"ping"}', 8, '"jsonrpc" must be "2.0"'],
    ['{"jsonrpc":"2.0","id":9,"method":5}', 9, '"method" must be a string'],
    ['{"jsonrpc":"2.0","id":10}', 10, '"method" is missing'],
    ['{"jsonrpc":"2.0","id":1.5,"method":"ping"}', null, '"id" must be a string or an integer'],
    [
      '{"jsonrpc":"2.0","id":11,"method":"ping","params":{"_meta":3}}',
      11,
      '"params._meta" must be an object',
    ],
    [`[${PING}]`, null, 'batches are not supported: send one JSON-RPC message per line'],
    ['"ping"', null, 'a JSON-RPC message is a JSON object'],
  ])('answers %s with Invalid Request', async (line, id, reason) => {
    const wire = await openWire();
    await wire.write(`${line}\n${PING}\n`);
    expect(wire.answers()).toEqual([
      { jsonrpc: '2.0', id, error: { code: -32600, message: `Invalid Request: ${reason}` } },
    ]);
    // The next message still goes through.
    expect(wire.received).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect(wire.errors).toEqual([`stdio: Invalid Request: ${reason}`]);
  });

  it('answers a line that is not JSON with a Parse error and a null id', async () => {
    const wire = await openWire();
    await wire.write(`{"jsonrpc":"2.0","id":3,"params":{"token":"s3cret"\n${PING}\n`);
    const [answer] = wire.answers();
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(answer.error.message).toMatch(/^Parse error: /);
    expect(wire.received).toHaveLength(1);
    // What is logged never quotes the line, which may hold a secret.
    expect(wire.errors).toEqual(['stdio: Parse error: a line that is not JSON']);
  });

  it('does not answer a malformed response from the client, only reports it', async () => {
    const wire = await openWire();
    await wire.write('{"jsonrpc":"2.0","id":4,"error":{"code":"x"}}\n');
    expect(wire.answers()).toEqual([]);
    expect(wire.errors).toHaveLength(1);
  });

  it('answers a line over the limit, whether it comes whole or in pieces, and keeps the connection', async () => {
    const wire = await openWire(64);
    const long = `{"jsonrpc":"2.0","id":5,"method":"ping","params":{"pad":"${'x'.repeat(80)}"}}`;
    await wire.write(`${long}\n`);
    await wire.write(long.slice(0, 40));
    await wire.write(long.slice(40));
    await wire.write(`\n${PING}\n`);
    const tooLong = { code: -32600, message: 'Invalid Request: a message is limited to 64 bytes' };
    expect(wire.answers()).toEqual([
      { jsonrpc: '2.0', id: null, error: tooLong },
      { jsonrpc: '2.0', id: null, error: tooLong },
    ]);
    expect(wire.received).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect(wire.closed()).toBe(false);
  });

  it('closes when stdin ends, and refuses to send after', async () => {
    const wire = await openWire();
    wire.stdin.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(wire.closed()).toBe(true);
    await expect(wire.wire.send({ jsonrpc: '2.0', id: 1, result: {} })).rejects.toThrow(/closed/);
  });
});

describe('StdioWire under backpressure', () => {
  const answer = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: { text: 'x'.repeat(100) } });

  it('waits for stdout to drain with one listener for all the sends, and none once drained', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough({ highWaterMark: 64 });
    const wire = new StdioWire(stdin, stdout);
    await wire.start();
    const sent = Array.from({ length: 20 }, (_, id) => wire.send(answer(id)));
    // Twenty sends wait on a full stdout: one drain listener (Node warns past ten).
    expect(stdout.listenerCount('drain')).toBe(1);
    let read = '';
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      read += chunk;
    });
    await Promise.all(sent);
    expect(read.split('\n').filter(Boolean)).toHaveLength(20);
    expect(stdout.listenerCount('drain')).toBe(0);
    await wire.close();
  });

  it('leaves no listener behind when stdout fails while a send waits for it', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough({ highWaterMark: 16 });
    const wire = new StdioWire(stdin, stdout);
    wire.onerror = () => {};
    await wire.start();
    const sent = wire.send(answer(1)).catch((error: Error) => error.message);
    expect(stdout.listenerCount('drain')).toBe(1);
    stdout.destroy(new Error('EPIPE'));
    await sent;
    await new Promise((resolve) => setImmediate(resolve));
    expect(stdout.listenerCount('drain')).toBe(0);
    expect(stdout.listenerCount('close')).toBe(0);
  });
});
