/**
 * SparkSession: one Spark Connect session on one gRPC channel.
 *
 *   const spark = await SparkSession.connect();            // SPARK_REMOTE, else sc://localhost:15002
 *   const df = await spark.sql('SELECT 1 AS one');
 *   console.log(await df.collect());                        // [{ one: 1 }]
 *   await spark.stop();
 *
 * `connect` fails within `connectTimeoutMs` (default 5 s) with a
 * SparkConnectionError naming host and port when nothing answers.
 */
import type { Table } from 'apache-arrow';
import { InvalidArgumentError } from '../common/errors.js';
import { TableBuilder } from './arrow/decode.js';
import { RuntimeConfig } from './conf.js';
import { DataFrame } from './dataframe.js';
import { SparkConnectError } from './errors.js';
import { operand, type ColumnOrValue } from './plan/column.js';
import { sqlCommand } from './plan/commands.js';
import type { Expression } from './plan/proto.js';
import * as R from './plan/relations.js';
import { isQueryStatement } from './plan/sql-kind.js';
import { fromProtoDataType, type DataType } from './plan/types.js';
import { DataFrameReader } from './reader.js';
import { ConnectClient } from './transport/client.js';
import { executePlan, type ExecuteOptions, type ProgressEvent } from './transport/execute.js';
import { addArtifact, sha256Hex } from './upload/artifacts.js';
import { toArrowTable, type DataInput } from './upload/arrow-build.js';
import { registerJavaCommand, type JavaFunctionSpec } from './udf.js';
import { UPLOAD_CONF, localRelation, parseBytes, versionAtLeast, type UploadLimits } from './upload/local-relation.js';
import type { AnalyzePlanRequest, AnalyzePlanResponse__Output, Command, ExecutePlanResponse__Output, Plan, Relation } from './transport/messages.js';
import { retryPolicyFrom, type RetryEvent, type RetryPolicy } from './transport/retry.js';
import { parseConnectUrl, type ConnectionOptions } from './transport/url.js';

/** Parameters of `spark.sql`: named (`:name` in the query) or positional (`?`). */
export type SqlArgs = Readonly<Record<string, ColumnOrValue>> | readonly ColumnOrValue[];

export interface ConnectOptions {
  /** How long to wait for the server to answer (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /**
   * Retries of transient failures (a server that went away): fields not given keep
   * DEFAULT_RETRY_POLICY (PySpark's: 15 retries, 50 ms ×4 up to 60 s, about 10 minutes in all).
   */
  readonly retryPolicy?: Partial<RetryPolicy>;
  /**
   * For a loopback URL without a token, use the token of the server started on this machine
   * by thunder-connect on that port, if any (default true).
   */
  readonly findLocalToken?: boolean;
}

const CONNECT_OPTION_NAMES = ['connectTimeoutMs', 'retryPolicy', 'findLocalToken'];

function checkConnectOptions(options: ConnectOptions): void {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('connect(options)', 'an object', options);
  for (const k of Object.keys(options)) {
    if (!CONNECT_OPTION_NAMES.includes(k)) throw new InvalidArgumentError(`connect(options.${k})`, `one of ${CONNECT_OPTION_NAMES.join(', ')}`, k);
  }
  const t = options.connectTimeoutMs;
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t <= 0)) {
    throw new InvalidArgumentError('connect(options.connectTimeoutMs)', 'a positive number of milliseconds', t);
  }
  if (options.findLocalToken !== undefined && typeof options.findLocalToken !== 'boolean') {
    throw new InvalidArgumentError('connect(options.findLocalToken)', 'true or false', options.findLocalToken);
  }
}

/** The token of a server this machine started on `host:port`, or undefined. */
export type LocalTokenLookup = (host: string, port: number) => string | undefined;

let localTokenLookup: LocalTokenLookup | undefined;

/**
 * Where `connect()` finds the token of a loopback server started on this machine when the URL
 * has none. The client knows nothing of how servers are started: thunder-connect's runtime
 * registers its run-file lookup here when it is imported (as the package root, `/thunder` and the
 * CLI do); `undefined` removes it.
 */
export function setLocalTokenLookup(lookup: LocalTokenLookup | undefined): void {
  if (lookup !== undefined && typeof lookup !== 'function') throw new InvalidArgumentError('setLocalTokenLookup(lookup)', 'a function or undefined', lookup);
  localTokenLookup = lookup;
}

/** The URL's settings, with the token of a server started here when the URL has none. */
function withLocalToken(parsed: ConnectionOptions, find: boolean): ConnectionOptions {
  if (!find || parsed.token !== undefined || !localTokenLookup) return parsed;
  const token = localTokenLookup(parsed.host, parsed.port);
  if (token === undefined) return parsed;
  // Servers started here speak plain gRPC on loopback; an explicit use_ssl still wins.
  return { ...parsed, token, useSsl: parsed.params['use_ssl'] !== undefined ? parsed.useSsl : false };
}

export class SparkSession {
  /** Spark version of the server, e.g. "4.2.0". */
  readonly version: string;
  /** @internal */
  readonly client: ConnectClient;
  private planIds = 0;
  #conf: RuntimeConfig | undefined;
  readonly #tags = new Set<string>();
  readonly #progressListeners = new Set<(event: ProgressEvent) => void>();
  // Cleanup that needs the live session (src/connect/ml frees server-side models at stop).
  readonly #stopHooks = new Set<() => Promise<void>>();

  private constructor(client: ConnectClient, version: string) {
    this.client = client;
    this.version = version;
  }

  /**
   * Connects to `url` (`sc://host:port/;token=...;user_id=...;use_ssl=...`),
   * defaulting to `$SPARK_REMOTE`, then `sc://localhost:15002`. A loopback URL without a
   * token gets the token of the server thunder-connect started on that port, if any.
   * A refused token is a `SparkAuthenticationError`; an unreachable server a `SparkConnectionError`.
   */
  static async connect(url?: string, options: ConnectOptions = {}): Promise<SparkSession> {
    checkConnectOptions(options);
    const policy = retryPolicyFrom(options.retryPolicy, 'connect(options.retryPolicy)');
    const target = url ?? process.env['SPARK_REMOTE'] ?? 'sc://localhost:15002';
    const parsed = parseConnectUrl(target, url === undefined && process.env['SPARK_REMOTE'] ? 'SPARK_REMOTE' : 'url');
    const client = new ConnectClient(withLocalToken(parsed, options.findLocalToken ?? true));
    client.retryPolicy = policy;
    try {
      await client.waitReady(options.connectTimeoutMs ?? 5000);
      const res = await client.analyze({ sparkVersion: {} });
      return new SparkSession(client, res.sparkVersion?.version ?? 'unknown');
    } catch (e) {
      // The session never started on the server: close the channel, nothing to release.
      client.close();
      throw e;
    }
  }

  get sessionId(): string {
    return this.client.sessionId;
  }

  /** @internal A fresh plan id for a new plan node (lets columns refer to the DataFrame they came from). */
  nextPlanId(): number {
    return this.planIds++;
  }

  /**
   * Runs a SQL statement eagerly (like PySpark): commands (DDL, DML, SET, ...) take
   * effect now; queries come back as a lazy DataFrame over their result. Either way
   * syntax and analysis errors (unknown table or column) reject this call.
   * `args` binds parameters: `sql('SELECT * FROM t WHERE k = :k', { k: 3 })`
   * or `sql('... WHERE k = ?', [3])`; values are literals (or Columns).
   *
   * Round trips: a statement recognized as a query (SELECT, VALUES, TABLE, WITH/FROM
   * without DML, see plan/sql-kind.ts) is checked with one AnalyzePlan, whose schema
   * the DataFrame keeps (`schema()` then costs nothing); the action sends the SQL
   * relation itself. Other statements run as a SqlCommand (one ExecutePlan), as in PySpark.
   */
  async sql(query: string, args?: SqlArgs): Promise<DataFrame> {
    if (typeof query !== 'string' || query.trim() === '') throw new InvalidArgumentError('sql(query)', 'a SQL statement', query);
    const input = R.sql(this.nextPlanId(), query, sqlArguments(args));
    if (isQueryStatement(query)) {
      // An AnalyzePlan is served on the server's gRPC thread: no operation to start, stream and
      // release, as a SqlCommand would need, yet the same parse and analysis.
      const df = new DataFrame(this, input);
      await df.schema();
      return df;
    }
    const responses = await this.executeCommand(sqlCommand(input));
    const result = responses.find((r) => r.responseType === 'sqlCommandResult')?.sqlCommandResult?.relation;
    if (!result) throw new SparkConnectError('the server sent no result relation for the SQL statement', { messageParameters: {}, exceptionClasses: [] }, 13);
    // Give the server's relation a plan id of this session, so that df.col() can refer to it.
    return new DataFrame(this, { ...(result as Relation), common: { ...(result.common ?? {}), planId: String(this.nextPlanId()) } });
  }

  /** Rows `start` (inclusive) to `end` (exclusive) by `step` in a column `id` of bigint. With one argument, 0..n. */
  range(startOrEnd: number | bigint, end?: number | bigint, step: number | bigint = 1, numPartitions?: number): DataFrame {
    const [start, stop] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
    for (const [name, v] of [['start', start], ['end', stop], ['step', step]] as const) {
      if (typeof v !== 'bigint' && !Number.isSafeInteger(v)) throw new InvalidArgumentError(`range(${name})`, 'an integer', v);
    }
    if (step === 0 || step === 0n) throw new InvalidArgumentError('range(step)', 'a non-zero integer', step);
    if (numPartitions !== undefined && (!Number.isInteger(numPartitions) || numPartitions < 1)) {
      throw new InvalidArgumentError('range(numPartitions)', 'a positive integer', numPartitions);
    }
    return new DataFrame(this, R.range(this.nextPlanId(), start, stop, step, numPartitions));
  }

  /** A catalog table or view by name (`'db.t'`, `'global_temp.v'`). */
  table(name: string): DataFrame {
    return this.read.table(name);
  }

  /** Reads data sources: `spark.read.parquet(path)`, `spark.read.format('csv').option('header', true).load(path)`. */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** The session's runtime configuration. */
  get conf(): RuntimeConfig {
    this.#conf ??= new RuntimeConfig(this);
    return this.#conf;
  }

  /** Parses a DDL type (`'array<double>'`, `'a INT, b STRING'`) on the server into the DataType model. */
  async parseDataType(ddl: string): Promise<DataType> {
    if (typeof ddl !== 'string' || ddl.trim() === '') throw new InvalidArgumentError('parseDataType(ddl)', 'a DDL type string', ddl);
    const res = await this.analyze({ ddlParse: { ddlString: ddl } });
    if (!res.ddlParse?.parsed) throw new SparkConnectError('the server sent no parsed type', { messageParameters: {}, exceptionClasses: [] }, 13);
    return fromProtoDataType(res.ddlParse.parsed);
  }

  /**
   * Uploads a jar into this session's class loader (AddArtifacts `jars/<fileName>`); other sessions
   * do not see it. `fileName` must end in `.jar`. The server refuses different bytes under a name
   * it already holds, so name jars by content (see `jarNameFor`); identical bytes are accepted again.
   * Throws SparkClientError when the upload is not acknowledged, SparkConnectError when refused.
   */
  async addJar(fileName: string, bytes: Uint8Array): Promise<void> {
    if (typeof fileName !== 'string' || !/^[A-Za-z0-9._-]+\.jar$/.test(fileName)) {
      throw new InvalidArgumentError('addJar(fileName)', 'a file name ending in .jar (letters, digits, . _ -)', fileName);
    }
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new InvalidArgumentError('addJar(bytes)', 'the non-empty bytes of a jar', bytes);
    await addArtifact(this.client, `jars/${fileName}`, [bytes]);
  }

  /** `<stem>-<first 16 hex digits of the SHA-256 of bytes>.jar`: a name that changes whenever the content does. */
  static jarNameFor(stem: string, bytes: Uint8Array): string {
    return `${stem}-${sha256Hex([bytes]).slice(0, 16)}.jar`;
  }

  /**
   * Registers a JVM function by name for this session (see `udf.ts`): a scalar Java UDF
   * (`returnType` required) or, with `aggregate: true`, a `UserDefinedAggregateFunction`.
   * Call it afterwards with `callFunction(name, ...)` or in SQL text.
   */
  async registerJavaFunction(spec: JavaFunctionSpec): Promise<void> {
    await this.executeCommand(registerJavaCommand(spec));
  }

  /** @internal One AnalyzePlan round trip (schema, explain, persist, DDL parsing...). */
  analyze(request: Omit<AnalyzePlanRequest, 'sessionId' | 'userContext' | 'clientType' | 'clientObservedServerSideSessionId'>): Promise<AnalyzePlanResponse__Output> {
    return this.client.analyze(request);
  }

  /**
   * A DataFrame over local data: an apache-arrow Table, columns
   * (`{ name: typedArray | values[] | { values, offsets } }`) or row objects.
   * `schema` (DDL, e.g. `'id long, v array<double>'`) renames and casts the
   * columns on the server. Data up to the server's
   * `spark.sql.session.localRelationCacheThreshold` travel inline in the plan;
   * larger data are uploaded once, as row chunks, to the session's artifact cache.
   */
  async createDataFrame(data: DataInput, schema?: string): Promise<DataFrame> {
    const table = toArrowTable(data);
    return new DataFrame(this, await localRelation(this.client, table, this.nextPlanId(), await this.uploadLimits(), schema));
  }

  /** Read at every upload: these are session confs the user may change. One Config call. */
  private async uploadLimits(): Promise<UploadLimits> {
    const entries = Object.entries(UPLOAD_CONF) as [keyof typeof UPLOAD_CONF, readonly [string, number]][];
    const res = await this.client.config({ getWithDefault: { pairs: entries.map(([, [key, value]]) => ({ key, value: String(value) })) } });
    const limits: Record<string, number> = {};
    entries.forEach(([field, [key, fallback]], i) => {
      const pair = res.pairs?.find((p) => p.key === key) ?? res.pairs?.[i];
      const parsed = parseBytes(pair?.value ?? '');
      limits[field] = Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
    });
    return { ...(limits as Record<keyof typeof UPLOAD_CONF, number>), chunked: versionAtLeast(this.version, 4, 1) };
  }

  /** Adds a tag to every operation this session starts from now on (see `interruptTag`). */
  addTag(tag: string): void {
    if (typeof tag !== 'string' || tag === '' || tag.includes(',')) throw new InvalidArgumentError('addTag(tag)', 'a non-empty string without commas', tag);
    this.#tags.add(tag);
  }

  removeTag(tag: string): void {
    this.#tags.delete(tag);
  }

  getTags(): string[] {
    return [...this.#tags];
  }

  clearTags(): void {
    this.#tags.clear();
  }

  /**
   * Subscribes to the execution progress of every operation of this session
   * (stages, tasks done/total, bytes read, as the server reports them).
   * Returns the function that unsubscribes.
   */
  onProgress(listener: (event: ProgressEvent) => void): () => void {
    this.#progressListeners.add(listener);
    return () => this.#progressListeners.delete(listener);
  }

  /**
   * Subscribes to the retries of this session's calls: each transient failure (the server went
   * away, a stream broke) that will be retried is reported before the wait, with the endpoint,
   * the attempt (1..maxRetries) and the delay. `stop()` ends a wait at once, and so does the
   * AbortSignal of the action waiting. Returns the function that unsubscribes.
   */
  onRetry(listener: (event: RetryEvent) => void): () => void {
    if (typeof listener !== 'function') throw new InvalidArgumentError('onRetry(listener)', 'a function', listener);
    this.client.retryListeners.add(listener);
    return () => this.client.retryListeners.delete(listener);
  }

  /** The retry policy of this session's calls (set with `connect(url, { retryPolicy })`). */
  get retryPolicy(): RetryPolicy {
    return this.client.retryPolicy;
  }

  /** Interrupts every running operation of this session; resolves to their ids. */
  async interruptAll(): Promise<string[]> {
    return (await this.client.interrupt({ interruptType: 'INTERRUPT_TYPE_ALL' })).interruptedIds ?? [];
  }

  /** Interrupts the running operations that carry `tag`; resolves to their ids. */
  async interruptTag(tag: string): Promise<string[]> {
    return (await this.client.interrupt({ interruptType: 'INTERRUPT_TYPE_TAG', operationTag: tag })).interruptedIds ?? [];
  }

  async interruptOperation(operationId: string): Promise<string[]> {
    return (await this.client.interrupt({ interruptType: 'INTERRUPT_TYPE_OPERATION_ID', operationId })).interruptedIds ?? [];
  }

  /** Session tags and progress listeners folded into one execution's options. */
  private executionOptions(options: ExecuteOptions): ExecuteOptions {
    const tags = [...this.#tags, ...(options.tags ?? [])];
    const own = options.onProgress;
    const listeners = this.#progressListeners;
    const onProgress =
      own || listeners.size > 0
        ? (e: ProgressEvent) => {
            own?.(e);
            for (const l of listeners) l(e);
          }
        : undefined;
    return { ...options, tags, ...(onProgress ? { onProgress } : {}) };
  }

  /** @internal Executes a relation and gathers its Arrow result. */
  async executeToTable(relation: Relation, options: ExecuteOptions = {}): Promise<Table> {
    const plan: Plan = { root: relation };
    const builder = new TableBuilder();
    for await (const r of executePlan(this.client, plan, this.executionOptions(options))) {
      if (r.responseType === 'arrowBatch' && r.arrowBatch?.data) builder.add(r.arrowBatch.data);
    }
    return builder.build();
  }

  /** @internal Executes a command and returns its responses. */
  async executeCommand(command: Command, options: ExecuteOptions = {}): Promise<ExecutePlanResponse__Output[]> {
    const out: ExecutePlanResponse__Output[] = [];
    for await (const r of executePlan(this.client, { command }, this.executionOptions(options))) out.push(r);
    return out;
  }

  /**
   * @internal Registers work for the start of `stop()`, while the session can still send requests
   * (src/connect/ml deletes the models it fitted). Hooks run once, concurrently; their failures
   * are ignored so that stop() always releases. Returns the function that unregisters the hook.
   */
  onStop(hook: () => Promise<void>): () => void {
    this.#stopHooks.add(hook);
    return () => this.#stopHooks.delete(hook);
  }

  /**
   * Releases the server session and closes the channel (after the `onStop` hooks). Idempotent.
   * Calls of this session that are waiting to retry reject at once with a `SparkClientError`.
   * Rejects with a `SparkConnectionError` when the server cannot be told (it is gone); the
   * session is closed on this side either way, and the server drops it after its idle timeout.
   */
  async stop(): Promise<void> {
    // First end every retry wait: a call waiting for a server that is gone fails now, and the
    // hooks below get one try each instead of the retry budget.
    this.client.beginStop();
    const hooks = [...this.#stopHooks];
    this.#stopHooks.clear();
    if (hooks.length > 0 && !this.client.isClosed) await Promise.allSettled(hooks.map((h) => h()));
    await this.client.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

function sqlArguments(args: SqlArgs | undefined): Readonly<Record<string, Expression>> | Expression[] | undefined {
  if (args === undefined) return undefined;
  if (Array.isArray(args)) return (args as readonly ColumnOrValue[]).map((v, i) => operand(v, `sql(args[${i}])`));
  if (typeof args !== 'object' || args === null) throw new InvalidArgumentError('sql(args)', 'an object of named parameters or an array of positional ones', args);
  return Object.fromEntries(Object.entries(args as Record<string, ColumnOrValue>).map(([k, v]) => [k, operand(v, `sql(args.${k})`)]));
}
