/**
 * On the 3-process cluster, a job survives the loss of a worker (and its
 * executor) while it runs: Spark reschedules the lost tasks on the other
 * executor and the client still receives the right answer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from '../../src/connect/index.js';
import { executors, startSpark, stopSpark } from '../../src/runtime/index.js';
import { groupMembers, isAlive, signalGroup } from '../../src/runtime/processes.js';
import { testClusterOptions } from '../helpers/cluster.js';
import { sleepingJob, sumBelow } from '../helpers/sleep-query.js';

const NAME = 'worker-failure-test';

describe('a worker killed during a job', () => {
  afterAll(async () => {
    await stopSpark(NAME);
  });

  it('does not change the result', async () => {
    const cluster = await startSpark(testClusterOptions(NAME));
    const spark = await SparkSession.connect(cluster.url);
    try {
      const victim = cluster.processes.find((p) => p.role === 'worker-1')!;
      let killed = false;
      const df = await spark.sql(sleepingJob(12, 2500)); // 12 tasks of 2.5 s on 4 slots
      const result = df.collect({
        onProgress: (e) => {
          // Kill as soon as tasks are running: worker-1 and the executor it forked (same process group).
          if (!killed && e.numInflightTasks > 0) {
            killed = true;
            expect(groupMembers(victim.pid).length).toBeGreaterThanOrEqual(2);
            signalGroup(victim.pid, 'SIGKILL');
          }
        },
      });
      const [row] = await result;
      expect(killed).toBe(true);
      expect(isAlive(victim.pid)).toBe(false);
      expect(row!['s']).toBe(BigInt(sumBelow(12)));
      // One executor was lost; the other finished the job.
      const execs = (await executors(cluster.uiUrl)).filter((e) => e.id !== 'driver');
      expect(execs.filter((e) => e.isActive)).toHaveLength(1);
    } finally {
      await spark.stop();
      await cluster.stop();
    }
  });
});
