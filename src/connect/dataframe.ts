/**
 * DataFrame: an immutable, lazy plan (a Spark Connect `Relation`) bound to a
 * session. Transformations return new DataFrames synchronously; actions run
 * the plan on the server and return Promises.
 */
import type { Table } from 'apache-arrow';
import { tableToRows, type Row } from './arrow/rows.js';
import type { SparkSession } from './session.js';
import type { ExecuteOptions } from './transport/execute.js';
import type { Relation } from './transport/messages.js';

export type ActionOptions = ExecuteOptions;

export class DataFrame {
  /** @internal */
  readonly session: SparkSession;
  /** @internal The plan. */
  readonly relation: Relation;

  constructor(session: SparkSession, relation: Relation) {
    this.session = session;
    this.relation = relation;
  }

  /** The whole result as an apache-arrow Table. */
  toArrow(options?: ActionOptions): Promise<Table> {
    return this.session.executeToTable(this.relation, options);
  }

  /** The whole result as plain rows (see arrow/rows.ts for the type mapping). */
  async collect(options?: ActionOptions): Promise<Row[]> {
    return tableToRows(await this.toArrow(options));
  }
}
