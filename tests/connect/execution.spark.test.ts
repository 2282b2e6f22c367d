/**
 * Execution against the real server: reattachable streams, interrupts (by
 * AbortSignal, tag and session), progress events, and concurrent actions.
 * The reattach and interrupt checks need a server that cuts every result stream
 * after one response (as tests/setup/spark.ts starts it) and whose REST API
 * lists its jobs: `useServerWithUi` gives the shared test server when it is one,
 * else starts one for this file, so every check holds whatever SPARK_REMOTE is.
 */
import { describe, expect, it, vi } from 'vitest';
import { SparkConnectError, SparkInterruptedError, SparkSession, type ProgressEvent } from '../../src/connect/index.js';
import { jobs, operationJobs, tasksRunning, waitUntil } from '../helpers/jobs.js';
import { sleepingJob, sumBelow } from '../helpers/sleep-query.js';
import { sparkRemote, useServerWithUi, useSpark } from '../helpers/spark.js';

const server = useServerWithUi();

/**
 * Waits until the server has no running job of `operationId` left, then checks that it was
 * cancelled, not completed: its jobs (at least one when `started`) FAILED with fewer tasks
 * done than the `tasks` it had.
 */
async function expectCancelledOnServer(operationId: string, tasks: number, started = true): Promise<void> {
  const ui = server().uiUrl;
  await waitUntil(async () => (await operationJobs(ui, operationId)).every((j) => j.status !== 'RUNNING'));
  const mine = await operationJobs(ui, operationId);
  if (started) expect(mine.length).toBeGreaterThan(0);
  expect(mine.map((j) => j.status)).toEqual(mine.map(() => 'FAILED'));
  expect(mine.reduce((a, j) => a + j.numCompletedTasks, 0)).toBeLessThan(tasks);
  expect(await jobs(ui, 'running')).toEqual([]);
}

describe('reattachable execution', () => {
  const spark = useSpark(() => server().remote);

  it('reassembles a result cut into many streams, every row exactly once', async () => {
    const reattach = vi.spyOn(spark().client, 'reattachStream');
    const n = 300_000; // 30 Arrow batches of 10,000 rows
    const table = await (await spark().sql(`SELECT id FROM range(0, ${n}, 1, 6)`)).toArrow();
    expect(table.numRows).toBe(n);
    const seen = new Uint8Array(n);
    const ids = table.getChild('id')!;
    for (let i = 0; i < n; i++) seen[Number(ids.get(i))]! += 1;
    expect(seen.every((c) => c === 1)).toBe(true);
    // The server cuts after 123 bytes: every batch but the first arrives on a reattach.
    expect(reattach.mock.calls.length).toBeGreaterThanOrEqual(29);
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
  const spark = useSpark(() => server().remote);

  it('an AbortSignal stops the query on the server and the session runs the next one', async () => {
    const controller = new AbortController();
    const df = await spark().sql(sleepingJob(24, 4000)); // ~48 s of work on 2 slots
    const started = tasksRunning(spark());
    const pending = df.collect({ signal: controller.signal });
    const operationId = await started;
    controller.abort(new Error('user pressed stop'));
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkInterruptedError);
    expect((err as Error).message).toContain('user pressed stop');
    // The job is gone from the server, cancelled before its 24 tasks ran, not merely abandoned.
    await expectCancelledOnServer(operationId, 24);
    const [row] = await (await spark().sql('SELECT 1 + 1 AS two')).collect();
    expect(row!['two']).toBe(2);
  });

  it('interruptTag ends the operations that carry the tag', async () => {
    const df = await spark().sql(sleepingJob(24, 4000));
    const started = tasksRunning(spark());
    const pending = df.collect({ tags: ['slow-one'] });
    const operationId = await started;
    const ids = await spark().interruptTag('slow-one');
    expect(ids).toEqual([operationId]);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkConnectError);
    expect((err as SparkConnectError).errorClass).toMatch(/OPERATION_CANCELED|INTERRUPTED|CANCEL/);
    await expectCancelledOnServer(operationId, 24);
    const [row] = await (await spark().sql('SELECT 3 AS three')).collect();
    expect(row!['three']).toBe(3);
  });

  it('interruptAll ends every running operation of the session', async () => {
    const started = tasksRunning(spark());
    const a = (await spark().sql(sleepingJob(24, 4000))).collect().catch((e: unknown) => e);
    const b = (await spark().sql(sleepingJob(24, 4000))).collect().catch((e: unknown) => e);
    await started;
    // Both operations are registered once the server has answered for each; until then an
    // interruptAll may find only one, so repeat it until both ids have been returned.
    const ids = new Set<string>();
    await waitUntil(async () => {
      for (const id of await spark().interruptAll()) ids.add(id);
      return ids.size >= 2;
    });
    expect(ids.size).toBe(2);
    for (const r of await Promise.all([a, b])) expect(r).toBeInstanceOf(SparkConnectError);
    // One of them may have been stopped before Spark started its job.
    for (const id of ids) await expectCancelledOnServer(id, 24, false);
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
    // The 6-partition scan stage, report after report: its completed count only grows within
    // 0..6, and once it is reported done it stays done with all 6 tasks complete. (Whether a
    // last report arrives after the stage ends depends on Spark's listener: not asserted.)
    const scanId = stages.find((s) => s.numTasks === 6)?.stageId;
    expect(scanId).toBeDefined();
    const scan = stages.filter((s) => s.stageId === scanId);
    const completed = scan.map((s) => s.numCompletedTasks);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    for (const s of scan) {
      expect(s.numTasks).toBe(6);
      expect(s.numCompletedTasks).toBeGreaterThanOrEqual(0);
      expect(s.numCompletedTasks).toBeLessThanOrEqual(6);
    }
    const firstDone = scan.findIndex((s) => s.done);
    if (firstDone >= 0) for (const s of scan.slice(firstDone)) expect(s).toMatchObject({ done: true, numCompletedTasks: 6 });
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
