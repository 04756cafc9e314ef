import { describe, expect, it } from 'vitest';
import { parseHttpAddress } from '../../../src/config/http-address.js';

describe('HTTP listen addresses', () => {
  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    [':8080', { host: '', port: 8080 }],
    ['[::1]:0', { host: '::1', port: 0 }],
    ['localhost:9000', { host: 'localhost', port: 9000 }],
  ])('reads %s', (text, address) => {
    expect(parseHttpAddress(text)).toEqual(address);
  });

  it.each(['8080', 'localhost', '127.0.0.1:99999', '[nothex]:80', '::1:8080'])('rejects %s', (text) => {
    expect(parseHttpAddress(text)).toBeUndefined();
  });
});
