import { describe, expect, it } from 'vitest';
import {
  channelMessage,
  parseChannelMessage,
  portPreamble,
} from '../../../src/portforward/channel-port-forward.js';
import { parseForwardPorts } from '../../../src/portforward/forward-ports.js';

describe('v4 channel framing of port-forward', () => {
  it('starts each channel with the port as two little-endian bytes', () => {
    expect(portPreamble(80).toString('hex')).toBe('5000');
    expect(portPreamble(8080).toString('hex')).toBe('901f');
    expect(portPreamble(65535).toString('hex')).toBe('ffff');
  });

  it('puts the channel number before the bytes in binary messages', () => {
    expect(channelMessage(3, Buffer.from('err'), false)).toEqual(Buffer.from([3, 0x65, 0x72, 0x72]));
    expect(parseChannelMessage(Buffer.from([2, 0x61]), false)).toEqual({
      channel: 2,
      data: Buffer.from('a'),
    });
  });

  it('writes a digit and base64 text in v4.base64.channel.k8s.io messages', () => {
    expect(channelMessage(1, Buffer.from('hi'), true)).toBe('1aGk=');
    expect(parseChannelMessage(Buffer.from('0aGk='), true)).toEqual({ channel: 0, data: Buffer.from('hi') });
  });

  it('drops empty and undecodable messages', () => {
    expect(parseChannelMessage(Buffer.alloc(0), false)).toBeUndefined();
    expect(parseChannelMessage(Buffer.from('0not base64!'), true)).toBeUndefined();
    expect(parseChannelMessage(Buffer.from('\u0001aGk='), true)).toBeUndefined();
  });
});

describe('the ports of a channel port-forward', () => {
  const ports = (query: string) => parseForwardPorts(new URLSearchParams(query));

  it('reads repeated and comma-separated ports in order', () => {
    expect(ports('ports=80&ports=443')).toEqual([80, 443]);
    expect(ports('ports=80,8080')).toEqual([80, 8080]);
  });

  it('refuses what the kubelet refuses, with its messages', () => {
    expect(ports('')).toBe('query parameter "port" is required');
    expect(ports('ports=')).toBe('query parameter "port" cannot be empty');
    expect(ports('ports=http')).toBe('unable to parse "http" as a port');
    expect(ports('ports=65536')).toBe('unable to parse "65536" as a port');
    expect(ports('ports=0')).toBe('port "0" must be > 0');
  });

  it('refuses more ports than one-byte channel numbers can carry', () => {
    const many = Array.from({ length: 128 }, (_, index) => `ports=${index + 1}`).join('&');
    expect(ports(many)).toBe('at most 127 ports can be forwarded over one connection');
  });
});
