/**
 * Builds the JVM kernels (`spark-kernels/`, Java) into `.spark/kernels/thunder-kernels.jar` with
 * Maven, against the pinned Spark (`provided`: the server supplies it), whatever release
 * `$SPARK_VERSION` runs: the same jar goes to every server as a session artifact. The jar is rebuilt only
 * when the sources change: a marker next to it holds the SHA-256 of the module's files. The new
 * jar replaces the old one by rename, so a reader never sees half a jar.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, rmSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findMaven } from './java.js';
import { KERNELS_DIR, PACKAGED_KERNELS_DIR, PINNED_SPARK_VERSION as SPARK_VERSION, kernelsDir } from './paths.js';
import { runCommand } from './run-command.js';

const JAR = 'thunder-kernels.jar';
const MARKER = 'KERNELS.json';

export interface KernelsBuildOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
  /** Where the jar goes (default `.spark/kernels/`; `npm pack` builds into `dist/kernels/`). */
  readonly dir?: string;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'target') continue;
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

/** SHA-256 over the module's pom and sources (paths and contents) and the Spark version. */
export function kernelsSourceHash(): string {
  const h = createHash('sha256').update(SPARK_VERSION);
  for (const f of files(KERNELS_DIR)) h.update(relative(KERNELS_DIR, f)).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

/** `dir/thunder-kernels.jar` when its marker says it was built from the current sources. */
function currentJarIn(dir: string): string | undefined {
  const jar = join(dir, JAR);
  if (!existsSync(jar) || !existsSync(join(dir, MARKER)) || !existsSync(KERNELS_DIR)) return undefined;
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as { sources?: string };
    return marker.sources === kernelsSourceHash() ? jar : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The jar of the current sources, when present: the one packed into the npm package
 * (`dist/kernels/`, by `npm pack`), else the one `spark:fetch` built (`.spark/kernels/`).
 */
export function builtKernelsJar(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return currentJarIn(PACKAGED_KERNELS_DIR) ?? currentJarIn(kernelsDir(env));
}

/** Makes sure the kernels jar of the current sources exists; returns its path. */
export async function buildKernels(options: KernelsBuildOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((l: string) => process.stderr.write(`[kernels] ${l}\n`));
  const dir = options.dir ?? kernelsDir(env);
  const ready = options.dir ? currentJarIn(dir) : builtKernelsJar(env);
  if (ready) return ready;
  const mvn = findMaven(env);
  // One build folder per process: two processes may build at once; the jar lands by rename.
  const build = join(dir, `build-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const sources = kernelsSourceHash();
  const started = Date.now();
  log(`building the JVM kernels against Spark ${SPARK_VERSION} (Maven, ${KERNELS_DIR})`);
  await runCommand(mvn, ['-B', '-q', '-f', join(KERNELS_DIR, 'pom.xml'), 'package', `-Dspark.version=${SPARK_VERSION}`, `-Dkernels.build.dir=${build}`], env, 'building the JVM kernels');
  const staged = join(dir, `${JAR}.${process.pid}.partial`);
  copyFileSync(join(build, JAR), staged);
  renameSync(staged, join(dir, JAR));
  rmSync(build, { recursive: true, force: true });
  writeFileSync(join(dir, MARKER), JSON.stringify({ sources, spark: SPARK_VERSION, builtAt: new Date().toISOString() }, null, 2));
  log(`kernels built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return join(dir, JAR);
}
