/**
 * The launcher's bookkeeping on a real embedded server: a second start reuses
 * the running one, a start after the owning process died ends the orphans and
 * starts afresh, and stop leaves no process behind.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from '../../src/connect/index.js';
import { livePids, readInstance, startSpark, stopSpark } from '../../src/runtime/index.js';
import { pidFile } from '../../src/runtime/paths.js';
import { isAlive, portAnswers } from '../../src/runtime/processes.js';

const NAME = 'lifecycle-test';
const quiet = () => undefined;

describe('embedded server lifecycle', () => {
  afterAll(async () => {
    await stopSpark(NAME);
  });

  it('starts, is reused by a second start, replaces orphans, and stops cleanly', async () => {
    const first = await startSpark({ instance: NAME, port: 0, uiPort: 0, driverMemory: '1g', log: quiet });
    expect(first.reused).toBe(false);
    const spark = await SparkSession.connect(first.url);
    expect((await (await spark.sql('SELECT 6 * 7 AS x')).collect())[0]!['x']).toBe(42);
    await spark.stop();

    // A second start while it runs: the same server, never a second one on the port.
    const second = await startSpark({ instance: NAME, port: 0, uiPort: 0, driverMemory: '1g', log: quiet });
    expect(second.reused).toBe(true);
    expect(second.url).toBe(first.url);
    expect(second.processes.map((p) => p.pid)).toEqual(first.processes.map((p) => p.pid));

    // Pretend the owner crashed: the pid file names an owner that no longer exists.
    const deadOwner = spawnSync('true').pid!;
    expect(isAlive(deadOwner)).toBe(false);
    const rec = JSON.parse(readFileSync(pidFile(NAME), 'utf8')) as Record<string, unknown>;
    writeFileSync(pidFile(NAME), JSON.stringify({ ...rec, owner: deadOwner }));
    const oldPids = livePids(readInstance(NAME)!);
    expect(oldPids.length).toBeGreaterThan(0);

    const third = await startSpark({ instance: NAME, port: 0, uiPort: 0, driverMemory: '1g', log: quiet });
    expect(third.reused).toBe(false);
    for (const pid of oldPids) expect(isAlive(pid)).toBe(false);
    expect(third.url).not.toBe(first.url);

    await third.stop();
    expect(readInstance(NAME)).toBeUndefined();
    expect(livePids({ ...third })).toEqual([]);
    expect(await portAnswers(third.connectPort)).toBe(false);
  });
});
