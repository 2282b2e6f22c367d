/**
 * The demo job. For now it proves the path end to end (fetch Spark, start it,
 * query it, stop it); the zebrafish analysis replaces the query later.
 */
import { SparkSession } from '../connect/index.js';
import { startSpark, type SparkInstance, type Topology } from '../runtime/index.js';

export interface DemoOptions {
  readonly remote?: string | undefined;
  readonly topology: Topology;
}

export async function runDemo(options: DemoOptions): Promise<number> {
  let instance: SparkInstance | undefined;
  let url = options.remote;
  const stopOnSignal = () => {
    void instance?.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    if (!url) {
      instance = await startSpark({ topology: options.topology, instance: `demo-${options.topology}`, port: 0, uiPort: 0 });
      url = instance.url;
    }
    const spark = await SparkSession.connect(url);
    try {
      process.stdout.write(`Connected to Spark ${spark.version} at ${url}\n`);
      const df = await spark.sql(
        'SELECT count(*) AS n, sum(id) AS total, avg(id) AS mean, count(DISTINCT p) AS partitions FROM (SELECT id, spark_partition_id() AS p FROM range(0, 1000000, 1, 12))',
      );
      const [row] = await df.collect();
      process.stdout.write(`range(1,000,000) on 12 partitions: ${JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
    } finally {
      await spark.stop();
    }
    return 0;
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await instance?.stop();
  }
}
