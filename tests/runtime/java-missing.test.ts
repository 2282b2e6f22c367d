import { describe, expect, it } from 'vitest';
import { SparkRuntimeError, fetchSpark, startSpark } from '../../src/runtime/index.js';

// An environment in which neither java nor mvn can be found.
const noJava: NodeJS.ProcessEnv = { PATH: '/nonexistent-bin', HOME: process.env['HOME'] ?? '/tmp' };

describe('the launcher without Java', () => {
  it('refuses to start with a message that says Java 17 is needed', async () => {
    const err = await startSpark({ instance: 'no-java', env: noJava, port: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkRuntimeError);
    expect((err as Error).message).toMatch(/Java 17 or newer is required/);
    expect((err as Error).message).toMatch(/JAVA_HOME/);
  });

  it('refuses to fetch with the same message', async () => {
    const err = await fetchSpark({ env: noJava, log: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkRuntimeError);
    expect((err as Error).message).toMatch(/Java 17 or newer is required/);
  });
});
