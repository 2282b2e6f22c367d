/** Test helpers for the `spark` project: one session per test file, stopped after it. */
import { afterAll, beforeAll, inject } from 'vitest';
import { SparkSession, type Row } from '../../src/connect/index.js';
import { startSpark, type SparkInstance } from '../../src/runtime/index.js';
import { TEST_SERVER_CONF } from '../setup/spark.js';

export function sparkRemote(): string {
  return inject('sparkRemote');
}

/**
 * Registers beforeAll/afterAll hooks that connect one session for the file (to
 * `remote()`, by default the test server) and stop it at the end; returns a getter for it.
 */
export function useSpark(remote: () => string = sparkRemote): () => SparkSession {
  let spark: SparkSession | undefined;
  beforeAll(async () => {
    spark = await SparkSession.connect(remote());
  });
  afterAll(async () => {
    await spark?.stop();
  });
  return () => {
    if (!spark) throw new Error('the Spark session is not connected yet (use it inside a test)');
    return spark;
  };
}

export interface ServerWithUi {
  readonly remote: string;
  /** Driver web UI, whose REST API lists the server's jobs. */
  readonly uiUrl: string;
}

/**
 * For tests that read the server's jobs or count the reattaches its stream cuts cause: the
 * shared test server when the global setup started it (it has both), otherwise, e.g. under
 * SPARK_REMOTE, an embedded server started for this file with the same configuration
 * (TEST_SERVER_CONF) and stopped after it. Register before `useSpark(() => server().remote)`.
 */
export function useServerWithUi(): () => ServerWithUi {
  let server: ServerWithUi | undefined;
  let own: SparkInstance | undefined;
  beforeAll(async () => {
    const uiUrl = inject('sparkUiUrl');
    if (uiUrl) server = { remote: sparkRemote(), uiUrl };
    else {
      // A small heap: it runs beside the server that SPARK_REMOTE names.
      own = await startSpark({ topology: 'embedded', instance: `test-file-${process.pid}`, port: 0, uiPort: 0, driverMemory: '2g', conf: TEST_SERVER_CONF });
      server = { remote: own.url, uiUrl: own.uiUrl };
    }
  });
  afterAll(async () => {
    await own?.stop();
  });
  return () => {
    if (!server) throw new Error('the server is not ready yet (use it inside a test)');
    return server;
  };
}

/** The rows of SQL `query` on `spark`. */
export async function sqlRows(spark: SparkSession, query: string): Promise<Row[]> {
  return (await spark.sql(query)).collect();
}

/** Rows as sorted JSON texts: compares results whose row order Spark leaves undefined. */
export function unordered(rows: readonly Row[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}
