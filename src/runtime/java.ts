/**
 * Finding a Java 17+ runtime and the JVM flags Spark needs on Java 17.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { SparkRuntimeError } from './errors.js';

export interface JavaInfo {
  /** Absolute path of the `java` executable. */
  readonly java: string;
  /** Its home (for JAVA_HOME of worker-launched executors). */
  readonly home: string;
  readonly major: number;
}

/**
 * The `--add-opens` set from Spark's launcher (JavaModuleOptions). spark-submit
 * adds these; we start JVMs ourselves, so we add them to every JVM (driver,
 * master, workers). Executors get them from SparkContext.
 */
export const JAVA_MODULE_OPTIONS: readonly string[] = [
  '-XX:+IgnoreUnrecognizedVMOptions',
  '--add-modules=jdk.incubator.vector',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.invoke=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.cs=ALL-UNNAMED',
  '--add-opens=java.base/sun.security.action=ALL-UNNAMED',
  '--add-opens=java.base/sun.util.calendar=ALL-UNNAMED',
  '--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '-Djdk.reflect.useDirectMethodHandle=false',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dio.netty.allocator.type=pooled',
  '-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE',
];

function which(cmd: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Locates `java` (JAVA_HOME first, then PATH) and checks it is 17 or newer. */
export function findJava(env: NodeJS.ProcessEnv = process.env): JavaInfo {
  const fromHome = env['JAVA_HOME'] ? join(env['JAVA_HOME'], 'bin', 'java') : undefined;
  const java = fromHome && existsSync(fromHome) ? fromHome : which('java', env);
  if (!java) {
    throw new SparkRuntimeError(
      'Java 17 or newer is required to run Spark, but no `java` was found (JAVA_HOME is ' +
        (env['JAVA_HOME'] ? `${env['JAVA_HOME']}, which has no bin/java` : 'not set') +
        ' and `java` is not on PATH). Install OpenJDK 17 (e.g. `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME.',
    );
  }
  const r = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', env });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const version = /java\.specification\.version = (\d+)/.exec(text)?.[1] ?? /version "(\d+)/.exec(text)?.[1];
  const home = /java\.home = (.+)/.exec(text)?.[1]?.trim() ?? dirname(dirname(java));
  const major = version ? Number(version) : NaN;
  if (!Number.isFinite(major)) throw new SparkRuntimeError(`Could not read the version of ${java}: ${text.slice(0, 300)}`);
  if (major < 17) throw new SparkRuntimeError(`Spark 4 needs Java 17 or newer; ${java} is Java ${major}. Set JAVA_HOME to a JDK 17+.`);
  return { java, home, major };
}

export function findMaven(env: NodeJS.ProcessEnv = process.env): string {
  const mvn = which('mvn', env);
  if (!mvn) {
    throw new SparkRuntimeError(
      'Apache Maven (`mvn`) is required to fetch the Spark runtime from Maven Central, but it is not on PATH. ' +
        'Install it (e.g. `apt-get install maven`) and run again.',
    );
  }
  return mvn;
}
