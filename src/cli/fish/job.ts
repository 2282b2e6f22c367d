/**
 * The zebrafish notebook end to end on one engine: each part adds its sections,
 * figures and numbers, then the report is written. Spark lifecycle is the
 * caller's (src/cli/demo.ts); this runs on whatever session it is given, or on
 * the local engine without one.
 */
import type { SparkSession } from '../../connect/index.js';
import type { ReportFiles } from '../../viz/index.js';
import type { JobContext, Steps } from './context.js';
import { inspectImages } from './inspect.js';
import type { FishOptions } from './options.js';
import { addSummary, startReport } from './report.js';
import { exploreSeries } from './series.js';
import { Summary } from './summary.js';

export interface JobResult {
  readonly files: ReportFiles;
  readonly summary: Summary;
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
  const { images } = await inspectImages(ctx);
  await exploreSeries(ctx, images);
  addSummary(ctx.report, ctx.summary);
  const files = await steps.step(`write the report (${ctx.report.figureCount} figures)`, () => ctx.report.write(options.out));
  return { files, summary: ctx.summary, elapsedMs: Date.now() - t0 };
}
