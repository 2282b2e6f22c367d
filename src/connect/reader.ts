/**
 * `spark.read`: an immutable builder of a data source read. `load` and the
 * format shortcuts return a lazy DataFrame; nothing is read until an action
 * (or `schema()`, which infers the schema on the server).
 *
 *   spark.read.option('header', true).schema('k INT, v DOUBLE').csv('/data/x.csv')
 */
import { InvalidArgumentError } from '../common/errors.js';
import { DataFrame } from './dataframe.js';
import { withOptions, type OptionValue } from './options.js';
import * as R from './plan/relations.js';
import { toDDL, type StructType } from './plan/types.js';
import type { SparkSession } from './session.js';

interface ReadSettings {
  readonly format?: string;
  readonly schema?: string;
  readonly options: Readonly<Record<string, string>>;
}

export class DataFrameReader {
  readonly #session: SparkSession;
  readonly #settings: ReadSettings;

  /** @internal Made by `spark.read`. */
  constructor(session: SparkSession, settings: ReadSettings = { options: {} }) {
    this.#session = session;
    this.#settings = settings;
  }

  private with(changes: Partial<ReadSettings>): DataFrameReader {
    return new DataFrameReader(this.#session, { ...this.#settings, ...changes });
  }

  format(source: string): DataFrameReader {
    if (typeof source !== 'string' || source === '') throw new InvalidArgumentError('format(source)', 'a data source name', source);
    return this.with({ format: source });
  }

  /** The schema to read with (skips inference), as a StructType or DDL (`'k INT, v DOUBLE'`). */
  schema(schema: StructType | string): DataFrameReader {
    if (typeof schema === 'string') {
      if (schema.trim() === '') throw new InvalidArgumentError('schema(schema)', 'a StructType or a DDL string', schema);
      return this.with({ schema });
    }
    if (typeof schema !== 'object' || schema === null || schema.kind !== 'struct') throw new InvalidArgumentError('schema(schema)', 'a StructType or a DDL string', schema);
    return this.with({ schema: toDDL(schema) });
  }

  option(key: string, value: OptionValue): DataFrameReader {
    return this.options({ [key]: value });
  }

  options(options: Readonly<Record<string, OptionValue>>): DataFrameReader {
    return this.with({ options: withOptions(this.#settings.options, options) });
  }

  /** Reads `paths` (files, directories or globs) in the chosen format (parquet unless set). */
  load(...paths: readonly string[]): DataFrame {
    paths.forEach((p, i) => {
      if (typeof p !== 'string' || p === '') throw new InvalidArgumentError(`load(paths[${i}])`, 'a non-empty path', p);
    });
    const spec: R.DataSourceSpec = { ...this.#settings, paths };
    return new DataFrame(this.#session, R.dataSource(this.#session.nextPlanId(), spec));
  }

  parquet(...paths: readonly string[]): DataFrame {
    return this.format('parquet').load(...paths);
  }

  csv(...paths: readonly string[]): DataFrame {
    return this.format('csv').load(...paths);
  }

  json(...paths: readonly string[]): DataFrame {
    return this.format('json').load(...paths);
  }

  orc(...paths: readonly string[]): DataFrame {
    return this.format('orc').load(...paths);
  }

  /** Lines of text files as a column `value`. */
  text(...paths: readonly string[]): DataFrame {
    return this.format('text').load(...paths);
  }

  /** A catalog table or view. */
  table(name: string): DataFrame {
    if (typeof name !== 'string' || name === '') throw new InvalidArgumentError('table(name)', 'a table name', name);
    return new DataFrame(this.#session, R.table(this.#session.nextPlanId(), name, this.#settings.options));
  }
}
