/**
 * Which path a session's Images and Series take on Spark, decided once per session:
 * - `kernels`: the JVM kernels jar is uploaded as a session artifact (`jars/thunder-kernels-<hash>.jar`,
 *   visible to this session only), every kernel is registered as a Java UDF, and one probe query
 *   checks that the server runs them and speaks the same kernel protocol;
 * - `sql`: the Spark SQL expressions (higher-order functions) that need nothing on the server.
 *   Chosen when the jar cannot be found or built here, the server refuses the artifact or the
 *   registration, the probe fails, or the caller asks for it (`useKernels(session, false)`,
 *   or THUNDER_KERNELS=off). The reason is reported once, in one line, on stderr.
 * `THUNDER_KERNELS_JAR=/path/to.jar` uploads that jar instead of the package's build.
 *
 * `kernelStatus(session)` tells which path was taken and why.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../../common/errors.js';
import { callFunction, SparkSession } from '../../../connect/index.js';
import { buildKernels, builtKernelsJar } from '../../../runtime/index.js';
import { KERNEL_FUNCTIONS, KERNEL_PROTOCOL, VERSION_FUNCTION } from './catalog.js';

export type KernelStatus =
  | { readonly path: 'kernels'; readonly jar: string; readonly functions: number }
  | { readonly path: 'sql'; readonly reason: string };

const decided = new WeakMap<SparkSession, Promise<KernelStatus>>();
const settled = new WeakMap<SparkSession, KernelStatus>();
const forced = new WeakMap<SparkSession, boolean>();

const jars = new Map<string, { name: string; bytes: Uint8Array }>();

/**
 * The jar to upload: `$THUNDER_KERNELS_JAR` when set (a build of one's own), else the build of
 * the current kernel sources, made first when needed (Maven). Read once per path and process.
 */
async function kernelsJar(): Promise<{ name: string; bytes: Uint8Array }> {
  const path = process.env['THUNDER_KERNELS_JAR'] || builtKernelsJar() || (await buildKernels({ log: () => undefined }));
  let jar = jars.get(path);
  if (!jar) {
    const bytes = new Uint8Array(readFileSync(path));
    jar = { name: SparkSession.jarNameFor('thunder-kernels', bytes), bytes };
    jars.set(path, jar);
  }
  return jar;
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}

async function install(session: SparkSession): Promise<KernelStatus> {
  const env = process.env['THUNDER_KERNELS'];
  if (env !== undefined && env !== 'on' && env !== 'off' && env !== 'auto') {
    throw new InvalidArgumentError('THUNDER_KERNELS', "'on', 'off' or 'auto'", env);
  }
  if (forced.get(session) === false || env === 'off') return { path: 'sql', reason: 'kernels turned off by the caller' };
  let jar: { name: string; bytes: Uint8Array };
  try {
    jar = await kernelsJar();
  } catch (e) {
    const custom = process.env['THUNDER_KERNELS_JAR'];
    return { path: 'sql', reason: custom ? `THUNDER_KERNELS_JAR ${custom} cannot be read (${message(e)})` : `the kernels jar could not be built here (${message(e)}); run npm run spark:fetch` };
  }
  return installJar(session, jar);
}

/**
 * @internal Uploads `jar`, registers the catalog and probes it: the steps of the decision after
 * the jar is at hand (tests hand it a jar that the server cannot use).
 */
export async function installJar(session: SparkSession, jar: { readonly name: string; readonly bytes: Uint8Array }): Promise<KernelStatus> {
  try {
    await session.addJar(jar.name, jar.bytes);
  } catch (e) {
    return { path: 'sql', reason: `the server refused the kernels jar (${message(e)})` };
  }
  try {
    await Promise.all(KERNEL_FUNCTIONS.map((f) => session.registerJavaFunction({ name: f.name, className: f.className, returnType: f.returnType, aggregate: f.aggregate ?? false })));
  } catch (e) {
    return { path: 'sql', reason: `the server refused the kernels as Java UDFs (${message(e)})` };
  }
  try {
    const rows = await session.range(1).select(callFunction(VERSION_FUNCTION).alias('v')).collect();
    const v = rows[0]?.['v'];
    if (v !== KERNEL_PROTOCOL) return { path: 'sql', reason: `the server runs kernel protocol ${String(v)}, this client speaks ${KERNEL_PROTOCOL}` };
  } catch (e) {
    return { path: 'sql', reason: `the server could not run the kernels (${message(e)})` };
  }
  return { path: 'kernels', jar: jar.name, functions: KERNEL_FUNCTIONS.length };
}

/**
 * Decides the path for `session` on first use and remembers it; later calls return the same
 * decision. Never rejects for a server's refusal (that is the `sql` path); rejects only for a
 * malformed THUNDER_KERNELS.
 */
export function kernelStatus(session: SparkSession): Promise<KernelStatus> {
  let p = decided.get(session);
  if (!p) {
    p = install(session).then((status) => {
      settled.set(session, status);
      if (status.path === 'sql' && forced.get(session) !== false && process.env['THUNDER_KERNELS'] !== 'off') {
        process.stderr.write(`[thunder] Spark SQL path for this session: ${status.reason}\n`);
      }
      return status;
    });
    decided.set(session, p);
  }
  return p;
}

/** The decision when it has been made, else undefined (for code that cannot wait). */
export function settledKernels(session: SparkSession): boolean {
  return settled.get(session)?.path === 'kernels';
}

/**
 * `false`: this session's Images and Series created from now on use the Spark SQL path even
 * where kernels are available (for comparisons and tests); `true`: decide again (kernels when the
 * server takes them). Data created earlier keep their path.
 */
export function useKernels(session: SparkSession, on: boolean): void {
  if (!(session instanceof SparkSession)) throw new InvalidArgumentError('useKernels(session)', 'a SparkSession', session);
  if (typeof on !== 'boolean') throw new InvalidArgumentError('useKernels(on)', 'a boolean', on);
  forced.set(session, on);
  decided.delete(session);
  settled.delete(session);
}
