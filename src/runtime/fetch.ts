/**
 * Resolves a Spark release (spark-sql, spark-mllib, spark-connect and their dependencies) into
 * `.spark/spark-<version>/jars`, which then serves as SPARK_HOME. From Maven Central first; a
 * release other than the pinned one that Maven cannot resolve whole (a mirror that lacks some of
 * its artifacts) comes from PyPI's pyspark source package instead, which bundles the release's
 * complete jar set (pypi.ts). Idempotent: a complete folder is reused; an interrupted fetch leaves
 * only a temp folder that the next run replaces, and the folder appears by rename, whole.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SparkRuntimeError } from './errors.js';
import { findJava, findMaven } from './java.js';
import { buildKernels } from './kernels.js';
import { PINNED_SPARK_VERSION, RUNTIME_POM, SPARK_VERSION, checkSparkVersionEnv, sparkHome } from './paths.js';
import { fetchJarsFromPyPI } from './pypi.js';
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
  const mvn = findMaven(env); // the kernels are built with Maven whatever the runtime's source
  const staging = `${home}.partial`;
  const jarsDir = join(staging, 'jars');
  const fresh = () => {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(jarsDir, { recursive: true });
  };
  fresh();
  const started = Date.now();
  let source: Record<string, string>;
  try {
    log(`resolving Spark ${SPARK_VERSION} (spark-sql, spark-mllib, spark-connect; Scala 2.13) from Maven Central into ${home}`);
    log('this downloads about 330 MB the first time; later runs use the Maven cache (~/.m2)');
    await runCommand(
      mvn,
      ['-B', '-q', '-f', RUNTIME_POM, 'dependency:copy-dependencies', `-Dspark.version=${SPARK_VERSION}`, `-DoutputDirectory=${jarsDir}`, '-DincludeScope=runtime'],
      env,
      `resolving Spark ${SPARK_VERSION}`,
    );
    source = { from: 'Maven Central' };
  } catch (maven) {
    // The pinned release must come from Maven: the kernels compile against it from the same cache.
    if (SPARK_VERSION === PINNED_SPARK_VERSION) throw maven;
    const why = mavenReason(maven);
    log(`Maven could not resolve Spark ${SPARK_VERSION}: ${why}`);
    log(`fetching the jars of Spark ${SPARK_VERSION} from PyPI instead (the pyspark ${SPARK_VERSION} source package, about 450 MB; only its jars are kept)`);
    fresh();
    try {
      const got = await fetchJarsFromPyPI(SPARK_VERSION, jarsDir, staging, { env, log });
      source = { from: 'PyPI', url: got.sdist.url, sha256: got.sdist.sha256 };
    } catch (pypi) {
      rmSync(staging, { recursive: true, force: true });
      throw new SparkRuntimeError(
        `Spark ${SPARK_VERSION} could be fetched neither from Maven Central nor from PyPI.\n` +
          `  Maven Central: ${why}\n  PyPI: ${(pypi as Error).message}`,
      );
    }
  }
  const jars = readdirSync(jarsDir).filter((f) => f.endsWith('.jar'));
  const required = ['spark-sql_2.13', 'spark-mllib_2.13', 'spark-connect_2.13', 'spark-core_2.13'];
  for (const r of required) {
    if (!jars.some((j) => j.startsWith(`${r}-${SPARK_VERSION}`))) {
      throw new SparkRuntimeError(`${source['from']} gave no ${r}-${SPARK_VERSION}.jar (in ${jarsDir})`);
    }
  }
  // The JVM client jars shade a different protobuf and must stay off the server classpath.
  for (const j of jars) {
    if (j.startsWith('spark-connect-client-jvm') || j.startsWith('spark-connect-common')) rmSync(join(jarsDir, j));
  }
  const count = readdirSync(jarsDir).length;
  writeFileSync(join(staging, MARKER), JSON.stringify({ version: SPARK_VERSION, jars: count, source, fetchedAt: new Date().toISOString() }, null, 2));
  mkdirSync(dirname(home), { recursive: true });
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
  log(`Spark ${SPARK_VERSION}: ${count} jars from ${source['from']} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await buildKernels({ env, log });
  return home;
}

/** The line of a failed Maven run that says why (its first [ERROR]), without colour codes. */
export function mavenReason(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).replace(/\x1b\[[0-9;]*m/g, '');
  const line = text.split('\n').find((l) => l.startsWith('[ERROR]') && l.length > '[ERROR] '.length) ?? text.split('\n')[0] ?? '';
  const short = line.replace(/^\[ERROR\]\s*/, '').replace(/\s*->\s*\[Help 1\]\s*$/, '');
  return short.length > 400 ? `${short.slice(0, 400)}…` : short;
}
