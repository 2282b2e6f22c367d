/**
 * Resolves the pinned Spark release (spark-sql, spark-mllib, spark-connect and
 * their dependencies) from Maven Central into `.spark/spark-<version>/jars`,
 * which then serves as SPARK_HOME. Idempotent: a complete folder is reused; an
 * interrupted fetch leaves only a temp folder that the next run replaces.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SparkRuntimeError } from './errors.js';
import { findJava, findMaven } from './java.js';
import { buildKernels } from './kernels.js';
import { RUNTIME_POM, SPARK_VERSION, checkSparkVersionEnv, sparkHome } from './paths.js';
import { runCommand } from './run-command.js';

const MARKER = 'RUNTIME-COMPLETE.json';

export interface FetchOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
}

export function isSparkFetched(env: NodeJS.ProcessEnv = process.env): boolean {
  const home = sparkHome(env);
  const marker = join(home, MARKER);
  if (!existsSync(marker)) return false;
  try {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as { version?: string; jars?: number };
    return info.version === SPARK_VERSION && readdirSync(join(home, 'jars')).length === info.jars;
  } catch {
    return false;
  }
}

/** Makes sure the Spark runtime and the JVM kernels built against it are present; returns SPARK_HOME. */
export async function fetchSpark(options: FetchOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((l: string) => process.stderr.write(`[spark] ${l}\n`));
  checkSparkVersionEnv();
  const home = sparkHome(env);
  findJava(env); // fail early and clearly: a runtime without Java is of no use
  if (isSparkFetched(env)) {
    log(`Spark ${SPARK_VERSION} runtime present at ${home}`);
    await buildKernels({ env, log });
    return home;
  }
  const mvn = findMaven(env);
  const staging = `${home}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'jars'), { recursive: true });
  log(`resolving Spark ${SPARK_VERSION} (spark-sql, spark-mllib, spark-connect; Scala 2.13) from Maven Central into ${home}`);
  log('this downloads about 330 MB the first time; later runs use the Maven cache (~/.m2)');
  const started = Date.now();
  await runCommand(
    mvn,
    ['-B', '-q', '-f', RUNTIME_POM, 'dependency:copy-dependencies', `-Dspark.version=${SPARK_VERSION}`, `-DoutputDirectory=${join(staging, 'jars')}`, '-DincludeScope=runtime'],
    env,
    `resolving Spark ${SPARK_VERSION}`,
  );
  const jars = readdirSync(join(staging, 'jars')).filter((f) => f.endsWith('.jar'));
  const required = ['spark-sql_2.13', 'spark-mllib_2.13', 'spark-connect_2.13', 'spark-core_2.13'];
  for (const r of required) {
    if (!jars.some((j) => j.startsWith(`${r}-${SPARK_VERSION}`))) {
      throw new SparkRuntimeError(`Maven did not resolve ${r}-${SPARK_VERSION}.jar into ${staging}/jars`);
    }
  }
  // The JVM client jars shade a different protobuf and must stay off the server classpath.
  for (const j of jars) {
    if (j.startsWith('spark-connect-client-jvm') || j.startsWith('spark-connect-common')) rmSync(join(staging, 'jars', j));
  }
  const count = readdirSync(join(staging, 'jars')).length;
  writeFileSync(join(staging, MARKER), JSON.stringify({ version: SPARK_VERSION, jars: count, fetchedAt: new Date().toISOString() }, null, 2));
  mkdirSync(dirname(home), { recursive: true });
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
  log(`Spark ${SPARK_VERSION}: ${count} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await buildKernels({ env, log });
  return home;
}
