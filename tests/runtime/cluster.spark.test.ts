/**
 * The 3-process topology: a standalone master, two workers and a Connect
 * server. A 12-partition job must run tasks on both workers' executors, and
 * stop must leave no process of the cluster (executors included) behind.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from '../../src/connect/index.js';
import { executors, livePids, masterJson, startSpark, stopSpark, type SparkInstance } from '../../src/runtime/index.js';
import { groupMembers, portAnswers } from '../../src/runtime/processes.js';
import { testClusterOptions } from '../helpers/cluster.js';

const NAME = 'cluster-test';

describe('local standalone cluster', () => {
  let cluster: SparkInstance | undefined;
  afterAll(async () => {
    await stopSpark(NAME);
  });

  it('runs a 12-partition job on both workers and stops without leftovers', async () => {
    cluster = await startSpark(testClusterOptions(NAME));
    expect(cluster.topology).toBe('cluster');
    const master = await masterJson(cluster.masterWebUiUrl!);
    expect(master.aliveworkers).toBe(2);
    expect(master.workers.filter((w) => w.state === 'ALIVE')).toHaveLength(2);

    const spark = await SparkSession.connect(cluster.url);
    try {
      const [row] = await (
        await spark.sql('SELECT count(DISTINCT p) AS parts, sum(id) AS s FROM (SELECT id, spark_partition_id() AS p FROM range(0, 12000000, 1, 12))')
      ).collect();
      expect(row!['parts']).toBe(12n);
      expect(row!['s']).toBe(71_999_994_000_000n); // n(n-1)/2 for n = 12,000,000
    } finally {
      await spark.stop();
    }

    // Tasks ran on both workers' executors (the application's REST API counts them per executor).
    const execs = (await executors(cluster.uiUrl)).filter((e) => e.id !== 'driver');
    expect(execs).toHaveLength(2);
    expect(new Set(execs.map((e) => e.hostPort)).size).toBe(2);
    for (const e of execs) expect(e.totalTasks).toBeGreaterThan(0);
    expect(execs.reduce((n, e) => n + e.completedTasks, 0)).toBeGreaterThanOrEqual(12);

    // Executors are forked by the workers into the workers' process groups.
    const groups = cluster.processes.filter((p) => p.role.startsWith('worker')).map((p) => groupMembers(p.pid).length);
    for (const g of groups) expect(g).toBeGreaterThanOrEqual(2);

    const pidsBefore = livePids(cluster);
    expect(pidsBefore.length).toBeGreaterThanOrEqual(6); // master, 2 workers, 2 executors, connect server
    await cluster.stop();
    expect(livePids(cluster)).toEqual([]);
    expect(await portAnswers(cluster.connectPort)).toBe(false);
    expect(await portAnswers(Number(new URL(cluster.masterUrl!.replace('spark://', 'http://')).port))).toBe(false);
  });
});
