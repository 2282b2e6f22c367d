import { describe, expect, it } from 'vitest';
import { SparkConnectionError, SparkSession } from '../../src/connect/index.js';
import { freePort } from '../../src/runtime/processes.js';

describe('connecting to a port where nothing listens', () => {
  it('fails within 5 s with an error naming host and port', async () => {
    const port = await freePort(); // free now, so nothing answers there
    const t0 = Date.now();
    let error: unknown;
    try {
      await SparkSession.connect(`sc://127.0.0.1:${port}`);
    } catch (e) {
      error = e;
    }
    const elapsed = Date.now() - t0;
    expect(error).toBeInstanceOf(SparkConnectionError);
    expect((error as SparkConnectionError).endpoint).toBe(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    // A functional bound (the client must give up, not hang), not a performance threshold.
    expect(elapsed).toBeLessThan(5500);
  });
});
