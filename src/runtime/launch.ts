/**
 * Starts and stops a real Spark with a Spark Connect endpoint, in two topologies:
 * - `embedded`: one JVM, `local[*]`, Connect on a loopback port;
 * - `cluster`: a standalone Master, N Workers (2 by default) and a Connect
 *   server whose `spark.master` is the Master, all on loopback.
 *
 * Every instance has a name (default: its topology) and a pid file in
 * `.spark/run/<name>.json`. Each process runs in its own process group (a
 * worker's executors join its group), and `stop` signals exactly those groups.
 * If the process that started an instance dies without stopping it, the next
 * start of the same name finds the orphans through the pid file and ends them
 * before starting anew. A start while a healthy instance of that name runs
 * reuses it (`reused: true`) instead of starting a second server on the port.
 *
 * Every Connect server requires a token: random per start (or the `token` option), handed
 * to the JVM in its environment (SPARK_CONNECT_AUTHENTICATE_TOKEN, which Spark reads when
 * `spark.connect.authenticate.token` is unset), never on a command line, in a log line or in
 * an error. It is kept in the pid file (mode 0600) and in the instance's `url`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { readSparkDefaults } from './conf.js';
import { InvalidArgumentError } from '../common/errors.js';
import { SparkRuntimeError } from './errors.js';
import { fetchSpark } from './fetch.js';
import { JAVA_MODULE_OPTIONS, findJava, type JavaInfo } from './java.js';
import { SPARK_CONF_DIR, SPARK_VERSION, checkSparkVersionEnv, logDir, pidFile, workDir } from './paths.js';
import { freePort, groupMembers, httpJson, isOurs, portAnswers, signalGroup, sleep } from './processes.js';

export type Topology = 'embedded' | 'cluster';

export interface StartOptions {
  readonly topology?: Topology;
  /** Instance name: separates pid files, logs and work dirs (default: the topology). */
  readonly instance?: string;
  /** Spark Connect port; 0 picks a free one (default 15002). */
  readonly port?: number;
  /** Extra Spark configuration, applied over spark-conf/spark-defaults.conf. */
  readonly conf?: Readonly<Record<string, string>>;
  /**
   * Heap of the Connect server JVM (the driver), e.g. '4g' (default: 6g embedded, where it also
   * runs the tasks; 4g on the cluster, where it still holds every createDataFrame upload twice,
   * as artifact blocks and as the rows its LocalTableScan hands to tasks).
   */
  readonly driverMemory?: string;
  /** Cluster: number of workers (default 2). */
  readonly workers?: number;
  /** Cluster: cores per worker (default: this machine's core count, at least 1; the reference cluster has 6). */
  readonly coresPerWorker?: number;
  /** Cluster: memory each worker offers to executors (default '2g'). */
  readonly workerMemory?: string;
  /** Cluster: Master RPC port and Master web UI port (default 7077 / 8080; 0 picks free ports). */
  readonly masterPort?: number;
  readonly masterWebUiPort?: number;
  /** Driver web UI (also its REST API); 0 picks a free port (default 4040). */
  readonly uiPort?: number;
  /**
   * true: the instance outlives this process and is stopped with `stopSpark(name)`
   * (the CLI's `start`). false (default): this process owns it; if this process dies
   * without stopping it, the next start of the same name cleans it up.
   */
  readonly detached?: boolean;
  readonly readyTimeoutMs?: number;
  /**
   * The token clients must present (default: 32 random bytes, base64url, new at every start).
   * Give one only to restart a server under a token its clients already hold; at least 16
   * characters of [A-Za-z0-9_-].
   */
  readonly token?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

export interface ProcessRecord {
  readonly role: string;
  readonly pid: number;
  readonly log: string;
}

export interface InstanceRecord {
  readonly instance: string;
  readonly topology: Topology;
  readonly sparkVersion: string;
  /** The URL to connect with: `sc://127.0.0.1:<port>/;token=<token>;use_ssl=false`. Secret: print `endpoint` instead. */
  readonly url: string;
  /** `sc://127.0.0.1:<port>`, without the token: for messages and logs. */
  readonly endpoint: string;
  /** The token the Connect server requires (absent only in run files of servers started before tokens). */
  readonly token?: string;
  readonly connectPort: number;
  readonly uiUrl: string;
  readonly masterUrl?: string;
  readonly masterWebUiUrl?: string;
  readonly processes: readonly ProcessRecord[];
  /** Pid of the owning process, or null for a detached instance. */
  readonly owner: number | null;
  readonly marker: string;
  readonly logDir: string;
  readonly startedAt: string;
}

export interface SparkInstance extends InstanceRecord {
  /** True when a start found this instance already running and handed it back. */
  readonly reused: boolean;
  stop(): Promise<void>;
}

/** Spark Connect reads its token from here when `spark.connect.authenticate.token` is unset (Spark 4.0+). */
const TOKEN_ENV = 'SPARK_CONNECT_AUTHENTICATE_TOKEN';

const CONNECT_MAIN = 'org.apache.spark.sql.connect.service.SparkConnectServer';
const MASTER_MAIN = 'org.apache.spark.deploy.master.Master';
const WORKER_MAIN = 'org.apache.spark.deploy.worker.Worker';

const defaultLog = (l: string) => process.stderr.write(`[spark] ${l}\n`);

export function readInstance(instance: string, env: NodeJS.ProcessEnv = process.env): InstanceRecord | undefined {
  const file = pidFile(instance, env);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstanceRecord;
  } catch {
    return undefined;
  }
}

function writeInstance(rec: InstanceRecord, env: NodeJS.ProcessEnv): void {
  const file = pidFile(rec.instance, env);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  // It holds the token: readable by its owner only, from the first byte written.
  writeFileSync(tmp, JSON.stringify(rec, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Pids of an instance that are still running (its recorded processes and their group members, e.g. executors). */
export function livePids(rec: InstanceRecord): number[] {
  const out = new Set<number>();
  for (const p of rec.processes) {
    if (isOurs(p.pid, rec.marker)) out.add(p.pid);
    for (const m of groupMembers(p.pid)) out.add(m);
  }
  return [...out];
}

async function healthy(rec: InstanceRecord): Promise<boolean> {
  return rec.processes.every((p) => isOurs(p.pid, rec.marker)) && (await portAnswers(rec.connectPort));
}

/** Stops an instance by name: SIGTERM to each process group, SIGKILL after a grace period. */
export async function stopSpark(instance: string, options: { env?: NodeJS.ProcessEnv; graceMs?: number } = {}): Promise<boolean> {
  const env = options.env ?? process.env;
  const rec = readInstance(instance, env);
  if (!rec) return false;
  await terminate(rec, options.graceMs ?? 15_000);
  rmSync(pidFile(instance, env), { force: true });
  return true;
}

async function terminate(rec: InstanceRecord, graceMs: number): Promise<void> {
  // Connect server first (it is the driver), then workers, then the master.
  const order = [...rec.processes].reverse();
  for (const p of order) if (isOurs(p.pid, rec.marker)) signalGroup(p.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && livePids(rec).length > 0) await sleep(200);
  for (const p of order) signalGroup(p.pid, 'SIGKILL');
  for (const pid of livePids(rec)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  const killDeadline = Date.now() + 5000;
  while (Date.now() < killDeadline && livePids(rec).length > 0) await sleep(100);
}

export async function sparkStatus(instance: string, env: NodeJS.ProcessEnv = process.env): Promise<(InstanceRecord & { running: boolean; alive: number[] }) | undefined> {
  const rec = readInstance(instance, env);
  if (!rec) return undefined;
  return { ...rec, running: await healthy(rec), alive: livePids(rec) };
}

export async function startSpark(options: StartOptions = {}): Promise<SparkInstance> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;
  const topology = options.topology ?? 'embedded';
  const instance = options.instance ?? topology;
  if (!/^[A-Za-z0-9_.-]+$/.test(instance)) throw new SparkRuntimeError(`instance name must be [A-Za-z0-9_.-]+, got ${JSON.stringify(instance)}`);

  checkSparkVersionEnv();
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,}$/.test(token)) {
    throw new InvalidArgumentError('startSpark(token)', 'at least 16 characters of [A-Za-z0-9_-]', '(hidden)');
  }
  for (const key of Object.keys(options.conf ?? {})) {
    if (key.trim() === 'spark.connect.authenticate.token') {
      throw new InvalidArgumentError(`startSpark(conf.${key})`, 'no token in conf (a -D option shows in every process listing); pass it as the token option', '(hidden)');
    }
  }
  const java = findJava(env);

  const existing = readInstance(instance, env);
  if (existing) {
    const ownerAlive = existing.owner === null || existing.owner === process.pid || isAliveOwner(existing.owner);
    if (ownerAlive && (await healthy(existing))) {
      if (existing.topology !== topology) {
        throw new SparkRuntimeError(
          `instance "${instance}" is already running as ${existing.topology} on ${shownEndpoint(existing)}; stop it first (thunder-connect stop ${instance})`,
        );
      }
      // Reusing another release would silently run, e.g., the 4.1.3 compat tests on 4.2.0.
      if (existing.sparkVersion !== SPARK_VERSION) {
        throw new SparkRuntimeError(
          `instance "${instance}" is already running Spark ${existing.sparkVersion} on ${shownEndpoint(existing)}, not ${SPARK_VERSION} (SPARK_VERSION); stop it first (thunder-connect stop ${instance})`,
        );
      }
      log(`${instance}: reusing the running ${existing.topology} Spark at ${shownEndpoint(existing)} (pids ${existing.processes.map((p) => p.pid).join(', ')})`);
      return handle(existing, true, env);
    }
    const orphans = livePids(existing);
    if (orphans.length > 0) log(`${instance}: ending ${orphans.length} process(es) left by an earlier run (pids ${orphans.join(', ')})`);
    await terminate(existing, 5000);
    rmSync(pidFile(instance, env), { force: true });
  }

  const home = await fetchSpark({ env, log });
  const logs = logDir(instance, env);
  const work = workDir(instance, env);
  rmSync(logs, { recursive: true, force: true });
  mkdirSync(logs, { recursive: true });
  mkdirSync(work, { recursive: true });

  const connectPort = await pickPort(options.port, 15002, 'port');
  if (await portAnswers(connectPort)) {
    throw new SparkRuntimeError(`port ${connectPort} on 127.0.0.1 is already in use by another process; pass another port (or 0 for a free one)`);
  }
  const uiPort = await pickPort(options.uiPort, 4040, 'uiPort', true);
  const marker = `-Dthunder.instance=${instance}`;
  const baseConf: Record<string, string> = {
    ...readSparkDefaults(),
    'spark.scheduler.allocation.file': join(SPARK_CONF_DIR, 'fairscheduler.xml'),
    'spark.app.name': `thunder-connect (${instance})`,
    'spark.connect.grpc.binding.port': String(connectPort),
    'spark.ui.port': String(uiPort),
    'spark.local.dir': join(work, 'tmp'),
    'spark.sql.warehouse.dir': join(work, 'warehouse'),
    'spark.executor.extraJavaOptions': `-Dlog4j2.configurationFile=file:${join(SPARK_CONF_DIR, 'log4j2.properties')}`,
  };

  const started: ProcessRecord[] = [];
  const endpoint = `sc://127.0.0.1:${connectPort}`;
  const rec0 = {
    instance,
    topology,
    sparkVersion: SPARK_VERSION,
    url: `${endpoint}/;token=${token};use_ssl=false`,
    endpoint,
    token,
    connectPort,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    owner: options.detached ? null : process.pid,
    marker,
    logDir: logs,
    startedAt: new Date().toISOString(),
  };
  let masterUrl: string | undefined;
  let masterWebUiUrl: string | undefined;
  const record = (): InstanceRecord => ({
    ...rec0,
    processes: [...started],
    ...(masterUrl ? { masterUrl } : {}),
    ...(masterWebUiUrl ? { masterWebUiUrl } : {}),
  });
  const launch = (role: string, main: string, heap: string, conf: Record<string, string>, args: string[], extraEnv: Record<string, string> = {}) => {
    const p = spawnJvm({ java, home, role, main, heap, conf, args, marker, logs, env: jvmEnv(env, extraEnv, role === 'connect' ? token : undefined) });
    started.push(p);
    writeInstance(record(), env); // record every pid at once: a crash right after still leaves a way to clean up
    return p;
  };

  const t0 = Date.now();
  const timeout = options.readyTimeoutMs ?? 180_000;
  try {
    if (topology === 'embedded') {
      log(`${instance}: starting embedded Spark ${SPARK_VERSION} (local[*]) with Spark Connect on 127.0.0.1:${connectPort}`);
      const p = launch('connect', CONNECT_MAIN, options.driverMemory ?? '6g', { ...baseConf, 'spark.master': 'local[*]', ...options.conf }, []);
      await waitForPort(connectPort, p, timeout);
    } else {
      const nWorkers = options.workers ?? 2;
      const cores = options.coresPerWorker ?? Math.max(1, availableParallelism());
      const workerMemory = options.workerMemory ?? '2g';
      const masterPort = await pickPort(options.masterPort, 7077, 'masterPort', true);
      const masterUi = await pickPort(options.masterWebUiPort, 8080, 'masterWebUiPort', true);
      masterUrl = `spark://127.0.0.1:${masterPort}`;
      masterWebUiUrl = `http://127.0.0.1:${masterUi}`;
      const daemonEnv = { SPARK_HOME: home, SPARK_SCALA_VERSION: '2.13', JAVA_HOME: java.home, SPARK_LOCAL_IP: '127.0.0.1' };
      const daemonConf = { 'spark.master.rest.enabled': 'false', 'spark.worker.cleanup.enabled': 'true' };
      log(`${instance}: starting standalone master ${masterUrl} (web UI ${masterWebUiUrl})`);
      const master = launch('master', MASTER_MAIN, '512m', daemonConf, ['--host', '127.0.0.1', '--port', String(masterPort), '--webui-port', String(masterUi)], daemonEnv);
      await waitForPort(masterPort, master, timeout);
      for (let i = 1; i <= nWorkers; i++) {
        const wUi = await freePort();
        log(`${instance}: starting worker ${i}/${nWorkers} (${cores} cores, ${workerMemory})`);
        launch(
          `worker-${i}`,
          WORKER_MAIN,
          '512m',
          daemonConf,
          ['--host', '127.0.0.1', '--cores', String(cores), '--memory', workerMemory, '--work-dir', join(work, `worker-${i}`), '--webui-port', String(wUi), masterUrl],
          daemonEnv,
        );
      }
      await waitFor(async () => (await masterJson(masterWebUiUrl!)).aliveworkers === nWorkers, timeout, started, `${nWorkers} workers to register with the master`);
      log(`${instance}: starting Spark Connect server on 127.0.0.1:${connectPort} (spark.master=${masterUrl})`);
      const connect = launch(
        'connect',
        CONNECT_MAIN,
        // 2g left no room for a 500 MB upload (1.9 GB used at the peak of its query, see
        // local-relation.ts) beside the rows of the previous query, which the server keeps.
        options.driverMemory ?? '4g',
        {
          ...baseConf,
          'spark.master': masterUrl,
          'spark.executor.memory': options.conf?.['spark.executor.memory'] ?? workerMemory,
          ...options.conf,
        },
        [],
        daemonEnv,
      );
      await waitForPort(connectPort, connect, timeout);
      await waitFor(async () => (await executorCount(rec0.uiUrl)) >= nWorkers, timeout, started, `${nWorkers} executors to register with the Connect server`);
    }
  } catch (e) {
    await terminate(record(), 5000);
    rmSync(pidFile(instance, env), { force: true });
    throw e;
  }
  const rec = record();
  writeInstance(rec, env);
  log(`${instance}: ready at ${rec.endpoint} (token in ${pidFile(instance, env)}) in ${((Date.now() - t0) / 1000).toFixed(1)} s (logs in ${logs})`);
  return handle(rec, false, env);
}

/**
 * The caller's variables that tell a Spark JVM it is a Spark Connect *client*: inherited by a
 * server and its executors (e.g. SPARK_REMOTE of a test run against another server), they make
 * the executors' SparkSession differ from the driver's and tasks fail ("unread block data").
 */
const CLIENT_ENV = ['SPARK_REMOTE', 'SPARK_CONNECT_MODE_ENABLED', 'SPARK_LOCAL_REMOTE', 'SPARK_API_MODE'];

/**
 * The environment of a JVM: only the Connect server gets the token (a caller's own is never
 * inherited), no JVM gets the caller's client settings (CLIENT_ENV). SPARK_LOCAL_IP keeps the
 * web UIs on loopback: Spark binds them to it, else to 0.0.0.0.
 */
function jvmEnv(env: NodeJS.ProcessEnv, extra: Record<string, string>, token: string | undefined): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, SPARK_LOCAL_IP: '127.0.0.1', ...extra };
  for (const name of [TOKEN_ENV, ...CLIENT_ENV]) delete out[name];
  if (token !== undefined) out[TOKEN_ENV] = token;
  return out;
}

/** The endpoint of a record without its token (records from before tokens have no `endpoint`). */
function shownEndpoint(rec: InstanceRecord): string {
  return rec.endpoint ?? `sc://127.0.0.1:${rec.connectPort}`;
}

function isAliveOwner(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function handle(rec: InstanceRecord, reused: boolean, env: NodeJS.ProcessEnv): SparkInstance {
  return {
    ...rec,
    reused,
    stop: async () => {
      await stopSpark(rec.instance, { env });
    },
  };
}

/**
 * `requested`, or a free port for 0, or the default `fallback`. With `moveWhenBusy` (web UIs and
 * the master, whose defaults other Spark programs often hold) a busy default gives a free port
 * instead: Spark would move a busy web UI to the next port by itself, and the run file and
 * `status` would then name the wrong one. The Connect port never moves: clients look for it.
 */
async function pickPort(requested: number | undefined, fallback: number, name: string, moveWhenBusy = false): Promise<number> {
  if (requested === 0 || (requested === undefined && moveWhenBusy && (await portAnswers(fallback)))) return freePort();
  const port = requested ?? fallback;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SparkRuntimeError(`${name} must be an integer in 1..65535 or 0 for a free port, got ${port}`);
  return port;
}

interface SpawnArgs {
  java: JavaInfo;
  home: string;
  role: string;
  main: string;
  heap: string;
  conf: Record<string, string>;
  args: string[];
  marker: string;
  logs: string;
  env: NodeJS.ProcessEnv;
}

function spawnJvm(a: SpawnArgs): ProcessRecord {
  const logFile = join(a.logs, `${a.role}.log`);
  const fd = openSync(logFile, 'a');
  const jvmArgs = [
    ...JAVA_MODULE_OPTIONS,
    `-Xmx${a.heap}`,
    a.marker,
    `-Dlog4j2.configurationFile=file:${join(SPARK_CONF_DIR, 'log4j2.properties')}`,
    '-cp',
    join(a.home, 'jars', '*'),
    ...Object.entries(a.conf).map(([k, v]) => `-D${k}=${v}`),
    a.main,
    ...a.args,
  ];
  // detached: its own process group, so a stop can signal it with its executors, and
  // Ctrl-C in the caller's terminal does not reach it before the caller can stop it cleanly.
  const child = spawn(a.java.java, jvmArgs, { detached: true, stdio: ['ignore', fd, fd], env: a.env, cwd: a.logs });
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new SparkRuntimeError(`could not start ${a.role} (${a.java.java})`);
  return { role: a.role, pid: child.pid, log: logFile };
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitForPort(port: number, p: ProcessRecord, timeoutMs: number): Promise<void> {
  await waitFor(() => portAnswers(port), timeoutMs, [p], `${p.role} to listen on 127.0.0.1:${port}`);
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, procs: readonly ProcessRecord[], what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await cond()) return;
    } catch {
      // not up yet
    }
    for (const p of procs) {
      if (!isAliveOwner(p.pid)) {
        throw new SparkRuntimeError(`Spark ${p.role} (pid ${p.pid}) exited while waiting for ${what}. Last lines of ${p.log}:\n${tail(p.log)}`);
      }
    }
    if (Date.now() > deadline) {
      throw new SparkRuntimeError(`timed out after ${timeoutMs} ms waiting for ${what}; logs: ${procs.map((p) => p.log).join(', ')}`);
    }
    await sleep(250);
  }
}

interface MasterJson {
  aliveworkers: number;
  workers: { id: string; state: string; cores: number; coresused: number }[];
  activeapps: { id: string; name: string; cores: number }[];
}

export function masterJson(masterWebUiUrl: string): Promise<MasterJson> {
  return httpJson<MasterJson>(`${masterWebUiUrl}/json/`);
}

export interface ExecutorSummary {
  id: string;
  hostPort: string;
  totalTasks: number;
  completedTasks: number;
  isActive: boolean;
}

/** Executors of the Connect server's application, from its REST API (`/api/v1`). */
export async function executors(uiUrl: string): Promise<ExecutorSummary[]> {
  const apps = await httpJson<{ id: string }[]>(`${uiUrl}/api/v1/applications`);
  if (apps.length === 0) return [];
  return httpJson<ExecutorSummary[]>(`${uiUrl}/api/v1/applications/${apps[0]!.id}/executors`);
}

async function executorCount(uiUrl: string): Promise<number> {
  return (await executors(uiUrl)).filter((e) => e.id !== 'driver' && e.isActive).length;
}
