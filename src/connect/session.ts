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
import { TableBuilder } from './arrow/decode.js';
import { DataFrame } from './dataframe.js';
import { SparkConnectError } from './errors.js';
import { ConnectClient } from './transport/client.js';
import { executePlan, type ExecuteOptions } from './transport/execute.js';
import type { Command, ExecutePlanResponse__Output, Plan, Relation } from './transport/messages.js';
import { parseConnectUrl, type ConnectionOptions } from './transport/url.js';

export interface ConnectOptions {
  /** How long to wait for the server to answer (default 5000 ms). */
  readonly connectTimeoutMs?: number;
}

export class SparkSession {
  /** Spark version of the server, e.g. "4.2.0". */
  readonly version: string;
  /** @internal */
  readonly client: ConnectClient;
  private planIds = 0;

  private constructor(client: ConnectClient, version: string) {
    this.client = client;
    this.version = version;
  }

  /**
   * Connects to `url` (`sc://host:port/;token=...;user_id=...;use_ssl=...`),
   * defaulting to `$SPARK_REMOTE`, then `sc://localhost:15002`.
   */
  static async connect(url?: string, options: ConnectOptions = {}): Promise<SparkSession> {
    const target = url ?? process.env['SPARK_REMOTE'] ?? 'sc://localhost:15002';
    const parsed: ConnectionOptions = parseConnectUrl(target, url === undefined && process.env['SPARK_REMOTE'] ? 'SPARK_REMOTE' : 'url');
    const client = new ConnectClient(parsed);
    try {
      await client.waitReady(options.connectTimeoutMs ?? 5000);
      const res = await client.analyze({ sparkVersion: {} });
      return new SparkSession(client, res.sparkVersion?.version ?? 'unknown');
    } catch (e) {
      await client.release().catch(() => undefined);
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
   * Runs a SQL statement eagerly (like PySpark): commands (DDL, SET, ...) take
   * effect now; queries come back as a lazy DataFrame over their result.
   */
  async sql(query: string): Promise<DataFrame> {
    const input: Relation = { sql: { query } };
    const responses = await this.executeCommand({ sqlCommand: { input } });
    const result = responses.find((r) => r.responseType === 'sqlCommandResult')?.sqlCommandResult?.relation;
    if (!result) throw new SparkConnectError('the server sent no result relation for the SQL statement', { messageParameters: {}, exceptionClasses: [] }, 13);
    return new DataFrame(this, result as Relation);
  }

  /** Rows `start` (inclusive) to `end` (exclusive) in a column `id` of bigint. With one argument, 0..n. */
  range(startOrEnd: number, end?: number, step = 1, numPartitions?: number): DataFrame {
    const [start, stop] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
    return new DataFrame(this, {
      common: { planId: String(this.nextPlanId()) },
      range: { start: String(start), end: String(stop), step: String(step), ...(numPartitions !== undefined ? { numPartitions } : {}) },
    });
  }

  /** @internal Executes a relation and gathers its Arrow result. */
  async executeToTable(relation: Relation, options: ExecuteOptions = {}): Promise<Table> {
    const plan: Plan = { root: relation };
    const builder = new TableBuilder();
    for await (const r of executePlan(this.client, plan, options)) {
      if (r.responseType === 'arrowBatch' && r.arrowBatch?.data) builder.add(r.arrowBatch.data);
    }
    return builder.build();
  }

  /** @internal Executes a command and returns its responses. */
  async executeCommand(command: Command, options: ExecuteOptions = {}): Promise<ExecutePlanResponse__Output[]> {
    const out: ExecutePlanResponse__Output[] = [];
    for await (const r of executePlan(this.client, { command }, options)) out.push(r);
    return out;
  }

  /** Releases the server session and closes the channel. Idempotent. */
  async stop(): Promise<void> {
    await this.client.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
