import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { parseConnectUrl } from '../../src/connect/transport/url.js';

describe('sc:// connection strings', () => {
  it('defaults the port to 15002 and TLS off', () => {
    const o = parseConnectUrl('sc://localhost');
    expect(o).toMatchObject({ host: 'localhost', port: 15002, useSsl: false });
    expect(o.token).toBeUndefined();
  });

  it('reads host, port and parameters', () => {
    const o = parseConnectUrl('sc://spark.example:443/;token=abc%3D;user_id=ana;session_id=0c7a5e1c-8e0f-4a43-9d2b-2a1d5b0a7f11;extra=1');
    expect(o).toMatchObject({
      host: 'spark.example',
      port: 443,
      token: 'abc=',
      userId: 'ana',
      sessionId: '0c7a5e1c-8e0f-4a43-9d2b-2a1d5b0a7f11',
      useSsl: true, // a token implies TLS
    });
    expect(o.params['extra']).toBe('1');
  });

  it('lets use_ssl=false override the TLS implied by a token', () => {
    expect(parseConnectUrl('sc://h:1/;token=t;use_ssl=false').useSsl).toBe(false);
    expect(parseConnectUrl('sc://h:1/;use_ssl=true').useSsl).toBe(true);
  });

  it('accepts bracketed IPv6 hosts', () => {
    expect(parseConnectUrl('sc://[::1]:15003')).toMatchObject({ host: '::1', port: 15003 });
  });

  it.each([
    ['http://localhost:15002', 'wrong scheme'],
    ['sc://', 'no host'],
    ['sc://host:notaport', 'non-numeric port'],
    ['sc://host:70000', 'port out of range'],
    ['sc://host:15002/path', 'a path'],
    ['sc://host/;novalue', 'a parameter without ='],
    ['sc://host/;use_ssl=maybe', 'use_ssl not boolean'],
    ['sc://host/;session_id=not-a-uuid', 'session_id not a UUID'],
    ['sc://[::1', 'unclosed bracket'],
  ])('rejects %s (%s) with an error naming the URL', (url) => {
    let error: unknown;
    try {
      parseConnectUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('sc://host[:port]');
    expect((error as Error).message).toContain(JSON.stringify(url));
  });
});
