/**
 * Execution against the real server: reattachable streams, interrupts (by
 * AbortSignal, tag and session), progress events, and concurrent actions.
 * The test server cuts every result stream after one response (see
 * tests/setup/spark.ts), so every result here is reassembled from reattaches.
 */
import { describe, expect, inject, it, vi } from 'vitest';
import { SparkConnectError, SparkInterruptedError, SparkSession, type ProgressEvent } from '../../src/connect/index.js';
import { httpJson } from '../../src/runtime/processes.js';
import { sleepingJob, sumBelow } from '../helpers/sleep-query.js';
import { sparkRemote, useSpark } from '../helpers/spark.js';

/**
 * Jobs running on the test server, from its REST API; -1 when that cannot be
 * read (SPARK_REMOTE given, or the UI is slow to answer under load).
 */
async function runningJobs(): Promise<number> {
  const ui = inject('sparkUiUrl');
  if (!ui) return -1;
  try {
    const apps = await httpJson<{ id: string }[]>(`${ui}/api/v1/applications`, 10_000);
    const jobs = await httpJson<{ status: string }[]>(`${ui}/api/v1/applications/${apps[0]!.id}/jobs?status=running`, 10_000);
    return jobs.length;
  } catch {
    return -1;
  }
}

/** Waits until a job runs on the server (or, without a readable UI, gives it 3 s to start). */
async function jobStarted(): Promise<boolean> {
  if (!inject('sparkUiUrl')) {
    await new Promise((r) => setTimeout(r, 3000));
    return true;
  }
  return until(async () => (await runningJobs()) > 0, 30_000);
}

async function until(cond: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('reattachable execution', () => {
  const spark = useSpark();

  it('reassembles a result cut into many streams, every row exactly once', async () => {
    const reattach = vi.spyOn(spark().client, 'reattachStream');
    const n = 300_000; // 30 Arrow batches of 10,000 rows
    const table = await (await spark().sql(`SELECT id FROM range(0, ${n}, 1, 6)`)).toArrow();
    expect(table.numRows).toBe(n);
    const seen = new Uint8Array(n);
    const ids = table.getChild('id')!;
    for (let i = 0; i < n; i++) seen[Number(ids.get(i))]! += 1;
    expect(seen.every((c) => c === 1)).toBe(true);
    expect(reattach.mock.calls.length).toBeGreaterThanOrEqual(20); // the server really cut the stream
    reattach.mockRestore();
  });

  it('resumes a stream that the server ends after its maximum duration (1 s on the test server)', async () => {
    const reattach = vi.spyOn(spark().client, 'reattachStream');
    const [row] = await (await spark().sql(sleepingJob(4, 1500))).collect();
    expect(row!['s']).toBe(BigInt(sumBelow(4)));
    expect(reattach).toHaveBeenCalled();
    reattach.mockRestore();
  });
});

describe('interrupts', () => {
  const spark = useSpark();

  it('an AbortSignal stops the query on the server and the session runs the next one', async () => {
    const controller = new AbortController();
    const df = await spark().sql(sleepingJob(24, 4000)); // ~48 s of work on 2 slots
    const pending = df.collect({ signal: controller.signal });
    expect(await jobStarted()).toBe(true);
    const t0 = Date.now();
    controller.abort(new Error('user pressed stop'));
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkInterruptedError);
    expect((err as Error).message).toContain('user pressed stop');
    expect(Date.now() - t0).toBeLessThan(10_000); // returns promptly, not after the job
    // The job is gone from the server, not merely abandoned by the client.
    if (inject('sparkUiUrl')) expect(await until(async () => (await runningJobs()) === 0, 20_000)).toBe(true);
    const [row] = await (await spark().sql('SELECT 1 + 1 AS two')).collect();
    expect(row!['two']).toBe(2);
  });

  it('interruptTag ends the operations that carry the tag', async () => {
    const df = await spark().sql(sleepingJob(24, 4000));
    const pending = df.collect({ tags: ['slow-one'] });
    expect(await jobStarted()).toBe(true);
    let ids: string[] = [];
    expect(await until(async () => (ids = await spark().interruptTag('slow-one')).length > 0, 10_000)).toBe(true);
    expect(ids).toHaveLength(1);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkConnectError);
    expect((err as SparkConnectError).errorClass).toMatch(/OPERATION_CANCELED|INTERRUPTED|CANCEL/);
    const [row] = await (await spark().sql('SELECT 3 AS three')).collect();
    expect(row!['three']).toBe(3);
  });

  it('interruptAll ends every running operation of the session', async () => {
    const a = (await spark().sql(sleepingJob(24, 4000))).collect().catch((e: unknown) => e);
    const b = (await spark().sql(sleepingJob(24, 4000))).collect().catch((e: unknown) => e);
    expect(await jobStarted()).toBe(true);
    let ids: string[] = [];
    expect(await until(async () => (ids = [...ids, ...(await spark().interruptAll())]).length >= 2, 10_000)).toBe(true);
    for (const r of await Promise.all([a, b])) expect(r).toBeInstanceOf(SparkConnectError);
  });
});

describe('progress', () => {
  const spark = useSpark();

  it('reports stages and tasks while a job runs, per action and per session', async () => {
    const perAction: ProgressEvent[] = [];
    const perSession: ProgressEvent[] = [];
    const df = await spark().sql(sleepingJob(6, 1500));
    const unsubscribe = spark().onProgress((e) => perSession.push(e));
    const [row] = await df.collect({ onProgress: (e) => perAction.push(e) });
    unsubscribe();
    expect(row!['s']).toBe(BigInt(sumBelow(6)));
    expect(perAction.length).toBeGreaterThan(0);
    expect(perSession).toEqual(perAction);
    const stages = perAction.flatMap((e) => e.stages);
    expect(stages.some((s) => s.numTasks === 6)).toBe(true); // the 6-partition scan stage
    const last = stages.filter((s) => s.numTasks === 6).at(-1)!;
    expect(last.numCompletedTasks).toBeLessThanOrEqual(6);
  });
});

describe('concurrency', () => {
  const spark = useSpark();

  it('runs 8 actions in flight on one session, each with its own correct result', async () => {
    const ns = [10, 20, 30, 40, 50, 60, 70, 80].map((k) => k * 1000);
    const results = await Promise.all(ns.map(async (n) => (await (await spark().sql(`SELECT sum(id) AS s, count(*) AS c FROM range(${n})`)).collect())[0]!));
    results.forEach((r, i) => {
      expect(r['s']).toBe(BigInt(sumBelow(ns[i]!)));
      expect(r['c']).toBe(BigInt(ns[i]!));
    });
  });

  it('runs 4 sessions at once, isolated from each other', async () => {
    const sessions = await Promise.all([0, 1, 2, 3].map(() => SparkSession.connect(sparkRemote())));
    try {
      expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(4);
      await Promise.all(sessions.map((s, i) => s.conf.set('spark.sql.shuffle.partitions', String(3 + i))));
      const results = await Promise.all(
        sessions.map(async (s, i) => {
          const [row] = await (await s.sql(`SELECT sum(id * ${i + 1}) AS s FROM range(100000)`)).collect();
          return { s: row!['s'], partitions: await s.conf.get('spark.sql.shuffle.partitions') };
        }),
      );
      results.forEach((r, i) => {
        expect(r.s).toBe(BigInt(sumBelow(100000) * (i + 1)));
        expect(r.partitions).toBe(String(3 + i)); // session confs do not leak
      });
    } finally {
      await Promise.all(sessions.map((s) => s.stop()));
    }
  });
});
