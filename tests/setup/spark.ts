/**
 * Global setup of the `spark` test project: uses SPARK_REMOTE when set,
 * otherwise starts the embedded Spark Connect server once for the whole run
 * (on free ports, instance "test") and stops it at the end.
 *
 * The server is started like PySpark's own test fixture: every result stream
 * is cut after 1 s or a few bytes, so every integration test also exercises
 * reattachable execution.
 */
import type { TestProject } from 'vitest/node';
import { startSpark, type SparkInstance } from '../../src/runtime/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sparkRemote: string;
    /** Driver web UI / REST API of the test server, when the setup started it. */
    sparkUiUrl: string;
  }
}

export const TEST_SERVER_CONF: Readonly<Record<string, string>> = {
  'spark.connect.execute.reattachable.senderMaxStreamDuration': '1s',
  'spark.connect.execute.reattachable.senderMaxStreamSize': '123',
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const remote = process.env['SPARK_REMOTE'];
  let instance: SparkInstance | undefined;
  if (remote) {
    project.provide('sparkRemote', remote);
    project.provide('sparkUiUrl', '');
  } else {
    instance = await startSpark({ topology: 'embedded', instance: 'test', port: 0, uiPort: 0, conf: TEST_SERVER_CONF });
    project.provide('sparkRemote', instance.url);
    project.provide('sparkUiUrl', instance.uiUrl);
  }
  return async () => {
    if (instance && !instance.reused) await instance.stop();
  };
}
