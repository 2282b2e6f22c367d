/**
 * Where the Spark runtime lives. Everything is under `.spark/` at the package
 * root (git-ignored), or under `$THUNDER_SPARK_DIR` when set:
 *   .spark/spark-<version>/jars   the resolved jars (serves as SPARK_HOME)
 *   .spark/logs/<instance>/       one log file per process
 *   .spark/run/<instance>.json    pids of a running instance
 *   .spark/work/<instance>/       local dirs, worker dirs
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SparkRuntimeError } from './errors.js';

/** Package root: two levels up from src/runtime or dist/runtime. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const RUNTIME_POM = join(PACKAGE_ROOT, 'spark-runtime', 'pom.xml');
export const SPARK_CONF_DIR = join(PACKAGE_ROOT, 'spark-conf');

/** The pinned Spark version, read from spark-runtime/pom.xml (the single place it is written). */
export const PINNED_SPARK_VERSION: string = (() => {
  const m = /<spark\.version>([^<]+)<\/spark\.version>/.exec(readFileSync(RUNTIME_POM, 'utf8'));
  if (!m) throw new Error(`${RUNTIME_POM}: no <spark.version> property`);
  return m[1]!;
})();

const RELEASE = /^4\.\d+\.\d+$/;

/**
 * The Spark release the runtime fetches and starts: `$SPARK_VERSION` when set (a 4.x.y release,
 * e.g. 4.0.1 or 4.1.3, to test against older servers: from Maven Central, or from PyPI's pyspark
 * sdist when Maven cannot resolve it, see fetch.ts), else the pinned one. The JVM kernels are always built against the pinned release (see kernels.ts). A malformed
 * value is reported by `checkSparkVersionEnv` when the runtime is used, not at import.
 */
export const SPARK_VERSION: string = RELEASE.test(process.env['SPARK_VERSION'] ?? '') ? process.env['SPARK_VERSION']! : PINNED_SPARK_VERSION;

/** Throws when `$SPARK_VERSION` is set to something the runtime cannot fetch: a typo must not become a Maven error. */
export function checkSparkVersionEnv(env: NodeJS.ProcessEnv = process.env): void {
  const v = env['SPARK_VERSION'];
  if (v === undefined || v === '' || RELEASE.test(v)) return;
  throw new SparkRuntimeError(`SPARK_VERSION: expected a Spark 4 release such as 4.0.1, 4.1.0 or ${PINNED_SPARK_VERSION} (Spark Connect needs Spark 4), got ${JSON.stringify(v)}`);
}

export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['THUNDER_SPARK_DIR'] ?? join(PACKAGE_ROOT, '.spark');
}

export function sparkHome(env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), `spark-${SPARK_VERSION}`);
}

export function logDir(instance: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), 'logs', instance);
}

export function workDir(instance: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), 'work', instance);
}

export function pidFile(instance: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), 'run', `${instance}.json`);
}

/** Sources of the JVM kernels (a Maven module built against PINNED_SPARK_VERSION). */
export const KERNELS_DIR = join(PACKAGE_ROOT, 'spark-kernels');

/** The kernels jar packed into the npm package by `npm pack` (see scripts/pack-kernels.ts). */
export const PACKAGED_KERNELS_DIR = join(PACKAGE_ROOT, 'dist', 'kernels');

/** The built kernels jar and its build folder: `.spark/kernels/`. */
export function kernelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), 'kernels');
}
