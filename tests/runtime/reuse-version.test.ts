/**
 * startSpark reuses a running instance of the same name only when it runs the same Spark release
 * ($SPARK_VERSION, else the pinned one): otherwise `SPARK_VERSION=4.1.3 npm run test:compat` could
 * run its tests on a 4.2.0 server left running under the name "test". No JVM is started: a
 * stand-in process carries the instance's marker and a loopback socket answers on its port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPARK_VERSION, SparkRuntimeError, findJava, startSpark } from '../../src/runtime/index.js';
import { scratchDir } from '../helpers/temp.js';

const OTHER = SPARK_VERSION === '4.0.0' ? '4.0.1' : '4.0.0';
let dir: string;
let child: ChildProcess;
let socket: Server;

beforeAll(async () => {
  dir = scratchDir('thunder-reuse-');
  const marker = '-Dthunder.instance=old';
  // Its command line carries the marker, as the JVMs the launcher starts do.
  child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', '--', marker], { stdio: 'ignore' });
  socket = createServer((c) => c.end());
  await new Promise<void>((resolve) => socket.listen(0, '127.0.0.1', resolve));
  const port = (socket.address() as AddressInfo).port;
  mkdirSync(join(dir, 'run'), { recursive: true });
  writeFileSync(
    join(dir, 'run', 'old.json'),
    JSON.stringify({
      instance: 'old',
      topology: 'embedded',
      sparkVersion: OTHER,
      url: `sc://127.0.0.1:${port}`,
      endpoint: `sc://127.0.0.1:${port}`,
      connectPort: port,
      uiUrl: '',
      processes: [{ role: 'connect', pid: child.pid, log: join(dir, 'connect.log') }],
      owner: null,
      marker,
    }),
  );
});

afterAll(async () => {
  child.kill();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
});

describe('an instance of the same name running another Spark release', () => {
  it('is not reused: the start fails naming both releases', async () => {
    // Java (the launcher checks it first) but no Maven: were the instance not refused, the start
    // would stop at fetching the runtime instead of starting a server.
    const env = { THUNDER_SPARK_DIR: dir, JAVA_HOME: findJava().home, PATH: '/nonexistent-bin', HOME: process.env['HOME'] ?? dir };
    const e = await startSpark({ instance: 'old', env, log: () => undefined }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(SparkRuntimeError);
    expect((e as Error).message).toContain(`instance "old" is already running Spark ${OTHER}`);
    expect((e as Error).message).toContain(`not ${SPARK_VERSION} (SPARK_VERSION)`);
    // The other instance is left alone.
    expect(child.exitCode).toBeNull();
  });
});
