/** Test helpers for the `spark` project: one session per test file, stopped after it. */
import { afterAll, beforeAll, inject } from 'vitest';
import { SparkSession } from '../../src/connect/index.js';

export function sparkRemote(): string {
  return inject('sparkRemote');
}

/**
 * Registers beforeAll/afterAll hooks that connect one session for the file and
 * stop it at the end; returns a getter for it.
 */
export function useSpark(): () => SparkSession {
  let spark: SparkSession | undefined;
  beforeAll(async () => {
    spark = await SparkSession.connect(sparkRemote());
  });
  afterAll(async () => {
    await spark?.stop();
  });
  return () => {
    if (!spark) throw new Error('the Spark session is not connected yet (use it inside a test)');
    return spark;
  };
}
