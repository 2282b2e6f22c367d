/**
 * The per-session choice between the JVM kernels and the Spark SQL path: the jar reaches the
 * session's class loader only, the catalog registers and runs, and a server that cannot use the
 * jar sends the session down the SQL path with one line on stderr — never an error at the call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SparkConnectError, SparkSession, callFunction } from '../../src/connect/index.js';
import { images } from '../../src/thunder/index.js';
import { KERNEL_FUNCTIONS, KERNEL_PROTOCOL } from '../../src/thunder/spark/kernels/catalog.js';
import { installJar, kernelStatus, useKernels } from '../../src/thunder/spark/kernels/install.js';
import type { SparkImagesImpl } from '../../src/thunder/spark/images.js';
import { sparkRemote } from '../helpers/spark.js';

const opened: SparkSession[] = [];
async function fresh(): Promise<SparkSession> {
  const s = await SparkSession.connect(sparkRemote());
  opened.push(s);
  return s;
}
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((s) => s.stop()));
});

describe('kernels on the test server', () => {
  it('are installed once per session and run on the executors', async () => {
    const spark = await fresh();
    const status = await kernelStatus(spark);
    expect(status).toMatchObject({ path: 'kernels', functions: KERNEL_FUNCTIONS.length });
    expect(status.path === 'kernels' && /^thunder-kernels-[0-9a-f]{16}\.jar$/.test(status.jar)).toBe(true);
    expect(await kernelStatus(spark)).toBe(status);
    // Eight partitions: the version comes from executor tasks, not from constant folding.
    const rows = await spark.range(0, 64, 1, 8).select(callFunction('thunder_kernels_version').alias('v')).groupBy('v').count().collect();
    expect(rows).toEqual([{ v: KERNEL_PROTOCOL, count: 64n }]);
  });

  it('are invisible to a session that did not install them', async () => {
    const a = await fresh();
    const b = await fresh();
    expect((await kernelStatus(a)).path).toBe('kernels');
    const err = await b.range(1).select(callFunction('thunder_kernels_version')).collect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkConnectError);
    expect((err as SparkConnectError).errorClass).toBe('UNRESOLVED_ROUTINE');
  });

  it('are used by Images and Series created on that session, and not after useKernels(false)', async () => {
    const spark = await fresh();
    const on = await images.fromRandom([4, 3, 5], 1, { engine: spark });
    expect((on.impl as SparkImagesImpl).ctx.kernels).toBe(true);
    useKernels(spark, false);
    expect(await kernelStatus(spark)).toEqual({ path: 'sql', reason: 'kernels turned off by the caller' });
    const off = await images.fromRandom([4, 3, 5], 1, { engine: spark });
    expect((off.impl as SparkImagesImpl).ctx.kernels).toBe(false);
    expect((on.impl as SparkImagesImpl).ctx.kernels).toBe(true);
    useKernels(spark, true);
    expect((await kernelStatus(spark)).path).toBe('kernels');
  });
});

describe('a server that cannot use the jar', () => {
  it('gets the SQL path with the reason, reported once', async () => {
    const spark = await fresh();
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    // Not a jar: the server stores it, but no class of the catalog can be loaded from it.
    const status = await installJar(spark, { name: 'not-a-jar-0000000000000000.jar', bytes: new TextEncoder().encode('not a zip file') });
    expect(status.path).toBe('sql');
    expect(status.path === 'sql' && status.reason).toMatch(/refused the kernels as Java UDFs|could not run the kernels/);
    expect(lines).toEqual([]);
    // The session stays usable.
    expect(await spark.range(3).count()).toBe(3);
  });

  it('reports the SQL path in one line per session, and the data follow it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernels-'));
    const bad = join(dir, 'bad.jar');
    writeFileSync(bad, 'not a zip file either');
    vi.stubEnv('THUNDER_KERNELS_JAR', bad);
    const spark = await fresh();
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const imgs = await images.fromRandom([3, 4, 5], 7, { engine: spark });
    await kernelStatus(spark);
    expect((imgs.impl as SparkImagesImpl).ctx.kernels).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[thunder\] Spark SQL path for this session: .*Java UDFs|could not run/);
    // The SQL path gives the local engine's numbers (Spark's avg sums in another order: 1e-12).
    const local = await images.fromRandom([3, 4, 5], 7);
    const got = (await imgs.mean().toArray()).data;
    const want = (await local.mean().toArray()).data;
    expect(got.length).toBe(20);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-12 * Math.abs(want[i]!));
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a malformed THUNDER_KERNELS is an error naming it', async () => {
    const spark = await fresh();
    vi.stubEnv('THUNDER_KERNELS', 'bogus');
    await expect(kernelStatus(spark)).rejects.toThrow(/THUNDER_KERNELS/);
    vi.unstubAllEnvs();
  });
});
