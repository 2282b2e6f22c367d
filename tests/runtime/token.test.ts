/**
 * The token's bookkeeping without a server: URLs shown redacted, the client's lookup of a
 * local server's token in the run files, the launcher's refusals of a token where it would
 * leak (a -D option) or be weak, and the check of $SPARK_VERSION.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { parseConnectUrl, redactConnectUrl } from '../../src/connect/index.js';
import { ConnectClient } from '../../src/connect/transport/client.js';
import { SparkRuntimeError, startSpark } from '../../src/runtime/index.js';
import { localServerToken } from '../../src/runtime/local-token.js';
import { checkSparkVersionEnv } from '../../src/runtime/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'thunder-token-'));
const env = { ...process.env, THUNDER_SPARK_DIR: dir };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runFile(name: string, rec: object): void {
  mkdirSync(join(dir, 'run'), { recursive: true });
  writeFileSync(join(dir, 'run', `${name}.json`), JSON.stringify(rec));
}

describe('URLs with a token', () => {
  it('are shown with the token replaced', () => {
    expect(redactConnectUrl('sc://h:1/;token=s3cret;use_ssl=false')).toBe('sc://h:1/;token=***;use_ssl=false');
    expect(redactConnectUrl('sc://h:1/;user_id=a;token=s3cret')).toBe('sc://h:1/;user_id=a;token=***');
    expect(redactConnectUrl('sc://h:1')).toBe('sc://h:1');
  });

  it('are quoted redacted by parse errors', () => {
    let e: unknown;
    try {
      parseConnectUrl('sc://h:99999/;token=s3cret');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as Error).message).toContain('port must be 1..65535');
    expect((e as Error).message).not.toContain('s3cret');
  });
});

describe('a client holding a token', () => {
  it('shows no token when printed or serialized', () => {
    const client = new ConnectClient(parseConnectUrl('sc://127.0.0.1:1/;token=s3cret-token;use_ssl=false'));
    try {
      expect(inspect(client, { depth: 5 })).not.toContain('s3cret-token');
      expect(inspect({ nested: { client } }, { depth: 5 })).toContain("endpoint: '127.0.0.1:1'");
      expect(JSON.stringify({ client })).not.toContain('s3cret-token');
    } finally {
      client.close();
    }
  });
});

describe('the token of a server started here', () => {
  it('is found for a loopback host on the recorded port only', () => {
    runFile('a', { connectPort: 41001, token: 'token-a', processes: [{ role: 'connect', pid: process.pid }] });
    expect(localServerToken('127.0.0.1', 41001, env)).toBe('token-a');
    expect(localServerToken('localhost', 41001, env)).toBe('token-a');
    expect(localServerToken('127.0.0.1', 41002, env)).toBeUndefined();
    expect(localServerToken('spark.example.org', 41001, env)).toBeUndefined();
  });

  it('prefers the instance whose Connect process is alive over a stale run file on the same port', () => {
    // pid 2^22 + 1 is above Linux's pid_max limit, so never a live process
    runFile('b-stale', { connectPort: 41003, token: 'stale', processes: [{ role: 'connect', pid: 4194305 }] });
    runFile('c-live', { connectPort: 41003, token: 'live', processes: [{ role: 'connect', pid: process.pid }] });
    expect(localServerToken('127.0.0.1', 41003, env)).toBe('live');
  });

  it('is absent when there are no run files', () => {
    expect(localServerToken('127.0.0.1', 41001, { ...process.env, THUNDER_SPARK_DIR: join(dir, 'nothing-here') })).toBeUndefined();
  });
});

describe('the launcher refuses a token where it would leak or be weak', () => {
  it('refuses spark.connect.authenticate.token in conf (a -D option shows in ps), without quoting it', async () => {
    const e = await startSpark({ instance: 'never-started', conf: { 'spark.connect.authenticate.token': 'visible-secret' }, env }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as InvalidArgumentError).argument).toBe('startSpark(conf.spark.connect.authenticate.token)');
    expect((e as Error).message).not.toContain('visible-secret');
  });

  it('refuses a short token', async () => {
    const e = await startSpark({ instance: 'never-started', token: 'short', env }).catch((x: unknown) => x);
    expect((e as InvalidArgumentError).argument).toBe('startSpark(token)');
    expect((e as Error).message).not.toContain('short"');
  });
});

describe('SPARK_VERSION', () => {
  it('accepts Spark 4 releases and refuses anything else by name', () => {
    for (const v of [undefined, '', '4.0.1', '4.1.3', '4.2.0']) expect(() => checkSparkVersionEnv({ SPARK_VERSION: v })).not.toThrow();
    for (const v of ['3.5.1', '4.1', 'latest', '4.0.1 ']) {
      expect(() => checkSparkVersionEnv({ SPARK_VERSION: v })).toThrow(SparkRuntimeError);
      expect(() => checkSparkVersionEnv({ SPARK_VERSION: v })).toThrow(/^SPARK_VERSION: expected a Spark 4 release/);
    }
  });
});
