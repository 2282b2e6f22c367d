/**
 * The zebrafish notebook end to end on one engine: each part adds its sections,
 * figures and numbers, then the report is written. Spark lifecycle is the
 * caller's (src/cli/demo.ts); this runs on whatever session it is given, or on
 * the local engine without one.
 *
 * Parts after the data preparation (Q1–Q9) stand alone: one that fails leaves a
 * note in its section and in `failures`, and the others still run, so a server-side
 * failure late in a long run does not throw the whole report away.
 */
import type { SparkSession } from '../connect/index.js';
import type { ReportFiles } from '../viz/index.js';
import { clusterVoxels, type Clustered } from './clustering.js';
import type { JobContext, Steps } from './context.js';
import { removeNoise } from './denoise.js';
import { gaussianMixtures } from './gmm.js';
import { inspectImages } from './inspect.js';
import type { FishOptions } from './options.js';
import { addSummary, startReport } from './report.js';
import { exploreSeries } from './series.js';
import { Summary } from './summary.js';
import { validateOnTime } from './validation.js';

export interface JobResult {
  readonly files: ReportFiles;
  readonly summary: Summary;
  /** Parts that failed, with their error message (empty when everything ran). */
  readonly failures: readonly { readonly part: string; readonly message: string }[];
  readonly elapsedMs: number;
}

export async function runFishJob(spark: SparkSession | undefined, options: FishOptions, steps: Steps, where: string): Promise<JobResult> {
  const t0 = Date.now();
  const ctx: JobContext = {
    engine: spark ? { engine: spark } : {},
    spark,
    options,
    report: startReport(options, where),
    summary: new Summary(),
    steps,
  };
  const failures: { part: string; message: string }[] = [];
  const part = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      failures.push({ part: name, message });
      steps.log(`${name} failed: ${message}`);
      ctx.report.text(`${name} could not be completed: ${message}`, { format: 'plain' });
      return undefined;
    }
  };

  const { images } = await inspectImages(ctx);
  const sd = await exploreSeries(ctx, images);
  const kmeans: Clustered | undefined = await part('Q10–Q15', () => clusterVoxels(ctx, sd));
  await part('Q16–Q19', () => removeNoise(ctx, sd));
  await part('Q20', () => validateOnTime(ctx, sd));
  await part('Q21', () => gaussianMixtures(ctx, sd, kmeans));
  addSummary(ctx.report, ctx.summary);
  const files = await steps.step(`write the report (${ctx.report.figureCount} figures)`, () => ctx.report.write(options.out));
  return { files, summary: ctx.summary, failures, elapsedMs: Date.now() - t0 };
}
