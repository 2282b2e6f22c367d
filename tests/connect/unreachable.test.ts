import { describe, expect, it } from 'vitest';
import { SparkConnectionError, SparkSession } from '../../src/connect/index.js';
import { freePort } from '../../src/runtime/processes.js';

describe('connecting to a port where nothing listens', () => {
  // The client must give up rather than hang: the test's own timeout is that bound (a hang fails
  // the test), so no measured duration is asserted.
  it('fails with an error naming host and port', { timeout: 60_000 }, async () => {
    const port = await freePort(); // free now, so nothing answers there
    let error: unknown;
    try {
      await SparkSession.connect(`sc://127.0.0.1:${port}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SparkConnectionError);
    expect((error as SparkConnectionError).endpoint).toBe(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as SparkConnectionError).code).toMatch(/^(UNAVAILABLE|DEADLINE_EXCEEDED)$/);
  });
});
