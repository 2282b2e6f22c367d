/** The 3-process cluster as the tests start it for themselves. */
import type { StartOptions } from '../../src/runtime/index.js';

/**
 * Start options of a small standalone cluster (master, 2 workers of 2 cores and 1 GiB, a Connect
 * server with a 1 GiB driver) named `instance`, every port free (0) so that it runs beside any
 * other Spark on the machine, and quiet (no progress lines in the test output).
 */
export function testClusterOptions(instance: string): StartOptions {
  return {
    topology: 'cluster',
    instance,
    port: 0,
    uiPort: 0,
    masterPort: 0,
    masterWebUiPort: 0,
    workers: 2,
    coresPerWorker: 2,
    workerMemory: '1g',
    driverMemory: '1g',
    log: () => undefined,
  };
}
