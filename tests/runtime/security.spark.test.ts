/**
 * Servers started here let no one in without their token: a server of its own (so that this
 * test knows which processes, logs and run file to inspect), refused without a token and with
 * a wrong one (a typed SparkAuthenticationError, gRPC UNAUTHENTICATED), served with the right
 * one, and its token shows in no process listing, log file, launcher line, error message, web
 * UI page or CLI output (other than what --show-token asks for).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkAuthenticationError, SparkConnectionError, SparkSession } from '../../src/connect/index.js';
import { startSpark, stopSpark, type SparkInstance } from '../../src/runtime/index.js';
import { PACKAGE_ROOT, pidFile } from '../../src/runtime/paths.js';
import { commandLine } from '../../src/runtime/processes.js';
import { failure } from '../helpers/errors.js';

const NAME = 'security-test';
const CALLER_TOKEN = 'the-callers-own-token-0123456789';

/** The environment of a live process as a map (Linux /proc). */
function environ(pid: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const kv of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const eq = kv.indexOf('=');
    if (eq > 0) out.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return out;
}

/** Listening TCP sockets on `port` as [address, port] pairs, from /proc/net/tcp and tcp6 (hex, little-endian IPv4). */
function listeners(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== '0A') continue; // 0A: LISTEN
      const [addr, p] = f[1]!.split(':') as [string, string];
      if (parseInt(p, 16) === port) out.push(addr);
    }
  }
  return out;
}

/** A listening address in /proc/net form that is loopback: 127.0.0.1, ::1 or ::ffff:127.0.0.1. */
const LOOPBACK_HEX = new Set(['0100007F', '00000000000000000000000001000000', '0000000000000000FFFF00000100007F']);

describe('a server started here requires its token', () => {
  let server: SparkInstance;
  const launcherLines: string[] = [];

  beforeAll(async () => {
    // A caller whose environment holds a client URL and a token of its own: neither may reach the server.
    const env = { ...process.env, SPARK_REMOTE: 'sc://elsewhere.example:15002', SPARK_CONNECT_AUTHENTICATE_TOKEN: CALLER_TOKEN };
    server = await startSpark({ instance: NAME, port: 0, uiPort: 0, driverMemory: '1g', env, log: (l) => launcherLines.push(l) });
  });
  afterAll(async () => {
    await stopSpark(NAME);
  });

  it('keeps a fresh random token in a run file readable by its owner only', () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(server.url).toBe(`sc://127.0.0.1:${server.connectPort}/;token=${server.token};use_ssl=false`);
    expect(server.endpoint).toBe(`sc://127.0.0.1:${server.connectPort}`);
    expect(statSync(pidFile(NAME)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(pidFile(NAME), 'utf8')).token).toBe(server.token);
  });

  it('refuses a client without a token', async () => {
    const e = await failure(SparkSession.connect(server.endpoint, { findLocalToken: false }));
    expect(e).toBeInstanceOf(SparkAuthenticationError);
    expect(e).toBeInstanceOf(SparkConnectionError);
    expect((e as SparkAuthenticationError).code).toBe('UNAUTHENTICATED');
    expect((e as Error).message).toContain('requires a token');
  });

  it('refuses a wrong token, and says so without repeating it', async () => {
    const wrong = 'not-the-token-0123456789abcdef';
    const e = await failure(SparkSession.connect(`${server.endpoint}/;token=${wrong};use_ssl=false`, { findLocalToken: false }));
    expect(e).toBeInstanceOf(SparkAuthenticationError);
    expect((e as SparkAuthenticationError).code).toBe('UNAUTHENTICATED');
    expect((e as Error).message).toContain('refused the token');
    expect((e as Error).message).not.toContain(wrong);
  });

  it('serves a client with the right token, given or found in the run file', async () => {
    const given = await SparkSession.connect(server.url);
    expect((await (await given.sql('SELECT 6 * 7 AS x')).collect())[0]!['x']).toBe(42);
    await given.stop();
    // A loopback URL without a token: the client finds this server's token itself.
    const found = await SparkSession.connect(server.endpoint);
    expect(await found.range(5).count()).toBe(5);
    await found.stop();
  });

  it('shows the token in no process listing, log file, launcher line, error or web UI page', async () => {
    const token = server.token!;
    // ps as any user sees it, and each started JVM's own command line
    const ps = execFileSync('ps', ['-eo', 'args', 'ww'], { encoding: 'utf8' });
    expect(ps).toContain(`-Dthunder.instance=${NAME}`); // the listing does include our JVM
    expect(ps).not.toContain(token);
    for (const p of server.processes) expect(commandLine(p.pid)).not.toContain(token);
    // every log file of the instance, and what the launcher printed
    const logs = readdirSync(server.logDir);
    expect(logs.length).toBeGreaterThan(0);
    for (const f of logs) expect(readFileSync(join(server.logDir, f), 'utf8')).not.toContain(token);
    expect(launcherLines.some((l) => l.includes('ready at'))).toBe(true);
    for (const l of launcherLines) expect(l).not.toContain(token);
    // the driver's web UI: the environment page lists every Spark and system property
    const apps = (await (await fetch(`${server.uiUrl}/api/v1/applications`)).json()) as { id: string }[];
    const env = await (await fetch(`${server.uiUrl}/api/v1/applications/${apps[0]!.id}/environment`)).text();
    expect(env).toContain('spark.connect.grpc.binding.port');
    expect(env).not.toContain(token);
  });

  it('hands the token to the Connect JVM in its environment, and none of the caller\'s client settings', () => {
    for (const p of server.processes) {
      const env = environ(p.pid);
      expect(env.get('SPARK_CONNECT_AUTHENTICATE_TOKEN'), p.role).toBe(p.role === 'connect' ? server.token : undefined);
      expect(env.has('SPARK_REMOTE'), p.role).toBe(false);
      expect(env.get('SPARK_LOCAL_IP'), p.role).toBe('127.0.0.1');
    }
  });

  it('keeps the Connect port and the web UI on loopback', () => {
    for (const port of [server.connectPort, Number(new URL(server.uiUrl).port)]) {
      const addrs = listeners(port);
      expect(addrs.length).toBeGreaterThan(0);
      for (const a of addrs) expect(LOOPBACK_HEX.has(a)).toBe(true);
    }
  });

  it('thunder-connect status says how to connect from elsewhere, with the token only on request', () => {
    const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src/cli/main.ts'), ...args], { encoding: 'utf8', cwd: PACKAGE_ROOT });
    const plain = cli(['status', NAME]);
    expect(plain).toContain(`${NAME}: running embedded ${server.endpoint}`);
    expect(plain).toContain(`ssh -N -L ${server.connectPort}:127.0.0.1:${server.connectPort}`);
    expect(plain).toContain(`${server.endpoint}/;token=<token>;use_ssl=false`);
    expect(plain).not.toContain(server.token!);
    expect(cli(['status', NAME, '--show-token'])).toContain(server.url);
  });
});
