/**
 * The demo job: the zebrafish notebook end to end (src/fish), on the Spark
 * given by --remote / SPARK_REMOTE, or on an embedded server (or the 3-process
 * cluster with --cluster) that it fetches, starts and stops itself; --local runs
 * on the local engine without Spark. Whatever it started is stopped on success,
 * failure and Ctrl-C.
 */
import { SparkSession, redactConnectUrl } from '../connect/index.js';
import { readInstance, startSpark, stopSpark, type SparkInstance } from '../runtime/index.js';
import { runFishJob, type JobResult } from '../fish/job.js';
import type { FishOptions } from '../fish/options.js';
import { TerminalProgress, formatDuration, type ProgressOutput } from '../fish/progress.js';
import { retryLine } from './retry-line.js';

export interface DemoIo {
  readonly out: ProgressOutput;
}

function describeRun(options: FishOptions, spark: SparkSession | undefined, url: string | undefined, started: boolean): string {
  if (!spark) return 'This run used the local engine (typed arrays in one Node.js process, no Spark).';
  const what = options.cluster ? 'a 3-process standalone cluster (master and two workers) started for this run' : started ? 'an embedded Spark server started for this run' : `the Spark Connect server at ${redactConnectUrl(url)}`;
  return `This run used Spark ${spark.version} through Spark Connect, on ${what}.`;
}

export async function runDemo(options: FishOptions, io: DemoIo = { out: process.stdout }): Promise<JobResult> {
  const progress = new TerminalProgress(io.out);
  let starting: string | undefined;
  let instance: SparkInstance | undefined;
  let spark: SparkSession | undefined;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    progress.log(`\n${signal}: stopping what the demo started…`);
    // While Spark is still starting there is no handle yet, but its pid file already names the processes.
    const ours = starting !== undefined && readInstance(starting)?.owner === process.pid;
    const stopSparkRun = instance ? (instance.reused ? undefined : instance.stop()) : ours ? stopSpark(starting!) : undefined;
    void Promise.allSettled([spark?.stop(), stopSparkRun]).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    let url = options.remote;
    if (!options.local && !url) {
      const topology = options.cluster ? 'cluster' : 'embedded';
      starting = `demo-${topology}`;
      instance = await progress.step(`start Spark (${topology})`, () =>
        startSpark({ topology, instance: starting, port: 0, uiPort: 0, ...(topology === 'cluster' ? { masterPort: 0, masterWebUiPort: 0 } : {}), log: (line) => progress.log(line) }),
      );
      url = instance.url;
    }
    if (url) {
      const remote = url;
      // The URL may carry a token: everything printed or reported shows it redacted.
      const shown = instance?.endpoint ?? redactConnectUrl(remote);
      spark = await progress.step(`connect to ${shown}`, () => SparkSession.connect(remote));
      progress.attach(spark);
      spark.onRetry((e) => progress.log(retryLine(e)));
      progress.log(`Spark ${spark.version} at ${shown}${instance ? ` (UI ${instance.uiUrl})` : ''}`);
    }
    const result = await runFishJob(spark, options, progress, describeRun(options, spark, url, instance !== undefined));
    io.out.write(`\n${result.summary.toText()}\n\n`);
    for (const f of result.failures) io.out.write(`FAILED ${f.part}: ${f.message}\n`);
    io.out.write(`Report: ${result.files.index} (${result.files.figureCount} figures, PNG and SVG in ${result.files.dir}/figures) in ${formatDuration(result.elapsedMs)}\n`);
    return result;
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    progress.close();
    await spark?.stop().catch(() => undefined);
    // A reused instance belongs to whoever started it.
    if (instance && !instance.reused) await progress.step('stop Spark', () => instance!.stop());
  }
}
