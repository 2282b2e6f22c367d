/** What every part of the fish job shares: where it runs, what it writes into, and how it reports. */
import type { SparkSession } from '../connect/index.js';
import type { EngineOptions } from '../thunder/index.js';
import type { Report } from '../viz/index.js';
import type { FishOptions } from './options.js';
import type { Summary } from './summary.js';

export interface Steps {
  step<T>(label: string, fn: () => Promise<T>): Promise<T>;
  log(line: string): void;
}

export interface JobContext {
  /** Loader options: `{ engine: spark }`, or `{}` for the local engine. */
  readonly engine: EngineOptions;
  readonly spark: SparkSession | undefined;
  readonly options: FishOptions;
  readonly report: Report;
  readonly summary: Summary;
  readonly steps: Steps;
}

/** Figure widths that keep a 76×87 plane readable and several of them on one row. */
export const PLANE_WIDTH = 260;
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;
