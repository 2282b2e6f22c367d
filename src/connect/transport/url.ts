/**
 * The Spark Connect connection string: `sc://host[:port][/;key=value[;key=value...]]`,
 * the convention shared by PySpark, the Scala and Go clients. Known keys: `token`
 * (bearer token, implies TLS unless `use_ssl=false` is given explicitly), `user_id`,
 * `use_ssl`, `session_id` (a UUID to join an existing server session), `user_agent`.
 */
import { InvalidArgumentError } from '../../common/errors.js';

export const DEFAULT_PORT = 15002;

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly useSsl: boolean;
  readonly token?: string;
  readonly userId: string;
  readonly sessionId?: string;
  readonly userAgent?: string;
  /** Every `key=value` parameter as written, including unknown ones (sent as gRPC metadata). */
  readonly params: Readonly<Record<string, string>>;
}

const EXPECTED = 'a URL of the form sc://host[:port][/;token=...;user_id=...;use_ssl=true|false]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The URL with the value of its `token` parameter replaced by `***`: the form every
 * message, log line and report shows. Anything that is not a string is returned as is.
 */
export function redactConnectUrl<T>(url: T): T {
  if (typeof url !== 'string') return url;
  return url.replace(/(;\s*token\s*=)[^;]*/gi, '$1***') as T;
}

/**
 * Parses a connection string; a malformed one is an `InvalidArgumentError` naming
 * `argument` that quotes the URL with its token redacted.
 */
export function parseConnectUrl(url: string, argument = 'url'): ConnectionOptions {
  const shown = redactConnectUrl(url);
  if (typeof url !== 'string' || !url.startsWith('sc://')) {
    throw new InvalidArgumentError(argument, EXPECTED, shown);
  }
  const rest = url.slice('sc://'.length);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? '' : rest.slice(slash + 1);
  const { host, port } = parseAuthority(authority, shown, argument);

  const params: Record<string, string> = {};
  if (tail !== '') {
    if (!tail.startsWith(';')) {
      throw new InvalidArgumentError(argument, `${EXPECTED} (the path must be empty; parameters follow '/;')`, shown);
    }
    for (const part of tail.slice(1).split(';')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq <= 0) throw new InvalidArgumentError(argument, `${EXPECTED} (parameter "${part}" is not key=value)`, shown);
      params[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
    }
  }

  const token = params['token'];
  let useSsl = token !== undefined;
  if (params['use_ssl'] !== undefined) {
    const v = params['use_ssl'].toLowerCase();
    if (v !== 'true' && v !== 'false') {
      throw new InvalidArgumentError(argument, `${EXPECTED} (use_ssl must be true or false)`, shown);
    }
    useSsl = v === 'true';
  }
  const sessionId = params['session_id'];
  if (sessionId !== undefined && !UUID.test(sessionId)) {
    throw new InvalidArgumentError(argument, `${EXPECTED} (session_id must be a UUID)`, shown);
  }
  const userId = params['user_id'] ?? process.env['USER'] ?? 'thunder-connect';
  return {
    host,
    port,
    useSsl,
    userId,
    params,
    ...(token !== undefined ? { token } : {}),
    ...(sessionId !== undefined ? { sessionId } : {}),
    ...(params['user_agent'] !== undefined ? { userAgent: params['user_agent'] } : {}),
  };
}

function parseAuthority(authority: string, shown: string, argument: string): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) throw new InvalidArgumentError(argument, `${EXPECTED} (unclosed IPv6 bracket)`, shown);
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) throw new InvalidArgumentError(argument, EXPECTED, shown);
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
  }
  if (host === '' || /[\s/;@]/.test(host)) {
    throw new InvalidArgumentError(argument, `${EXPECTED} (missing or invalid host)`, shown);
  }
  let port = DEFAULT_PORT;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new InvalidArgumentError(argument, `${EXPECTED} (port must be 1..65535)`, shown);
    }
    port = Number(portText);
  }
  return { host, port };
}

/** The address in the form gRPC expects (`host:port`, IPv6 in brackets). */
export function grpcTarget(o: Pick<ConnectionOptions, 'host' | 'port'>): string {
  return o.host.includes(':') ? `[${o.host}]:${o.port}` : `${o.host}:${o.port}`;
}
