/**
 * `df.write`: an immutable builder of a write; each call returns a new
 * writer, and `save` / `parquet` / `csv` / `json` / `saveAsTable` run it.
 *
 *   await df.write.mode('overwrite').option('header', true).csv('/tmp/out')
 *
 * The default mode is `error` (fail if the target exists), as in Spark.
 */
import { InvalidArgumentError } from '../common/errors.js';
import type { ActionOptions, DataFrame } from './dataframe.js';
import { SAVE_MODE_NAMES, writeOperation, type SaveMode, type WriteSpec } from './plan/commands.js';
import { withOptions, type OptionValue } from './options.js';

type Settings = Omit<WriteSpec, 'target'>;

export class DataFrameWriter {
  readonly #df: DataFrame;
  readonly #settings: Settings;

  /** @internal Made by `df.write`. */
  constructor(df: DataFrame, settings: Settings = { mode: 'error', options: {}, partitionBy: [], sortBy: [] }) {
    this.#df = df;
    this.#settings = settings;
  }

  private with(changes: Partial<Settings>): DataFrameWriter {
    return new DataFrameWriter(this.#df, { ...this.#settings, ...changes });
  }

  mode(mode: SaveMode): DataFrameWriter {
    const m = typeof mode === 'string' ? (mode.toLowerCase() as SaveMode) : mode;
    if (!SAVE_MODE_NAMES.includes(m)) throw new InvalidArgumentError('mode(mode)', SAVE_MODE_NAMES.join(', '), mode);
    return this.with({ mode: m });
  }

  /** The data source: `parquet`, `csv`, `json`, `orc`, `text`... */
  format(source: string): DataFrameWriter {
    if (typeof source !== 'string' || source === '') throw new InvalidArgumentError('format(source)', 'a data source name', source);
    return this.with({ format: source });
  }

  option(key: string, value: OptionValue): DataFrameWriter {
    return this.options({ [key]: value });
  }

  options(options: Readonly<Record<string, OptionValue>>): DataFrameWriter {
    return this.with({ options: withOptions(this.#settings.options, options) });
  }

  /** Writes one directory per value of the columns (`k=1/`, `k=2/`...). */
  partitionBy(...cols: readonly string[]): DataFrameWriter {
    return this.with({ partitionBy: cols });
  }

  /** Buckets by hash of the columns (tables only). */
  bucketBy(numBuckets: number, ...cols: readonly string[]): DataFrameWriter {
    if (!Number.isInteger(numBuckets) || numBuckets < 1) throw new InvalidArgumentError('bucketBy(numBuckets)', 'a positive integer', numBuckets);
    return this.with({ bucketBy: { numBuckets, columns: cols } });
  }

  sortBy(...cols: readonly string[]): DataFrameWriter {
    return this.with({ sortBy: cols });
  }

  /** Writes to `path` (or to the `path` option) in the chosen format (Spark's default, parquet, otherwise). */
  async save(path?: string, options?: ActionOptions): Promise<void> {
    if (path !== undefined && (typeof path !== 'string' || path === '')) throw new InvalidArgumentError('save(path)', 'a non-empty path', path);
    await this.run(path === undefined ? this.#settings : { ...this.#settings, target: { path } }, options);
  }

  parquet(path: string, options?: ActionOptions): Promise<void> {
    return this.format('parquet').save(path, options);
  }

  csv(path: string, options?: ActionOptions): Promise<void> {
    return this.format('csv').save(path, options);
  }

  json(path: string, options?: ActionOptions): Promise<void> {
    return this.format('json').save(path, options);
  }

  orc(path: string, options?: ActionOptions): Promise<void> {
    return this.format('orc').save(path, options);
  }

  text(path: string, options?: ActionOptions): Promise<void> {
    return this.format('text').save(path, options);
  }

  /** Saves as a catalog table (created, or per mode when it exists). */
  saveAsTable(name: string, options?: ActionOptions): Promise<void> {
    return this.toTable(name, 'saveAsTable', options);
  }

  /** Appends (or, in overwrite mode, overwrites) an existing table, matching columns by position. */
  insertInto(name: string, options?: ActionOptions): Promise<void> {
    return this.toTable(name, 'insertInto', options);
  }

  private toTable(name: string, method: 'saveAsTable' | 'insertInto', options?: ActionOptions): Promise<void> {
    if (typeof name !== 'string' || name === '') throw new InvalidArgumentError(`${method}(name)`, 'a table name', name);
    return this.run({ ...this.#settings, target: { table: name, method } }, options);
  }

  private async run(spec: WriteSpec, options?: ActionOptions): Promise<void> {
    await this.#df.session.executeCommand(writeOperation(this.#df.relation, spec), options);
  }
}
