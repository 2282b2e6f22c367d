/**
 * Finding the token of a Spark Connect server that this machine's runtime started. Every
 * instance's run file (`.spark/run/<instance>.json`, readable by its owner only) records its
 * Connect port and token; a client given a loopback URL without a token looks there, so
 * `SparkSession.connect()` works on servers started here without the token being passed around.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setLocalTokenLookup } from '../connect/session.js';
import { join } from 'node:path';
import { runtimeDir } from './paths.js';
import { isAlive } from './processes.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0:0:0:0:0:0:0:1']);

interface TokenRecord {
  readonly connectPort?: unknown;
  readonly token?: unknown;
  readonly processes?: readonly { role?: unknown; pid?: unknown }[];
}

/**
 * The token of the instance started here that serves `host:port`, or undefined (not a loopback
 * host, no such instance, or a run file this user cannot read). When stale run files name the
 * same port, the one whose Connect process is alive wins.
 */
export function localServerToken(host: string, port: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!LOOPBACK.has(host)) return undefined;
  const dir = join(runtimeDir(env), 'run');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined;
  }
  let fallback: string | undefined;
  for (const name of names) {
    let rec: TokenRecord;
    try {
      rec = JSON.parse(readFileSync(join(dir, name), 'utf8')) as TokenRecord;
    } catch {
      continue;
    }
    if (rec.connectPort !== port || typeof rec.token !== 'string') continue;
    const connect = rec.processes?.find((p) => p.role === 'connect');
    if (typeof connect?.pid === 'number' && isAlive(connect.pid)) return rec.token;
    fallback ??= rec.token;
  }
  return fallback;
}

// Importing the runtime lets SparkSession.connect() find tokens of servers started here.
setLocalTokenLookup((host, port) => localServerToken(host, port));
