/** Pure builders of protocol `Command`s (writes, views, SQL statements). */
import type { Command, Relation, SaveModeName } from './proto.js';

export type SaveMode = 'append' | 'overwrite' | 'error' | 'errorifexists' | 'ignore';

const SAVE_MODES: Readonly<Record<SaveMode, SaveModeName>> = {
  append: 'SAVE_MODE_APPEND',
  overwrite: 'SAVE_MODE_OVERWRITE',
  error: 'SAVE_MODE_ERROR_IF_EXISTS',
  errorifexists: 'SAVE_MODE_ERROR_IF_EXISTS',
  ignore: 'SAVE_MODE_IGNORE',
};

export const SAVE_MODE_NAMES: readonly SaveMode[] = Object.keys(SAVE_MODES) as SaveMode[];

export interface WriteSpec {
  readonly format?: string;
  readonly mode: SaveMode;
  readonly options: Readonly<Record<string, string>>;
  readonly partitionBy: readonly string[];
  readonly sortBy: readonly string[];
  readonly bucketBy?: { readonly numBuckets: number; readonly columns: readonly string[] };
  /** A path, or a table to save as (`saveAsTable`) or insert into; none when the `path` option names it. */
  readonly target?: { readonly path: string } | { readonly table: string; readonly method: 'saveAsTable' | 'insertInto' };
}

export function writeOperation(input: Relation, spec: WriteSpec): Command {
  const target =
    spec.target === undefined
      ? {}
      : 'path' in spec.target
      ? { path: spec.target.path }
      : {
          table: {
            tableName: spec.target.table,
            saveMethod: spec.target.method === 'saveAsTable' ? ('TABLE_SAVE_METHOD_SAVE_AS_TABLE' as const) : ('TABLE_SAVE_METHOD_INSERT_INTO' as const),
          },
        };
  return {
    writeOperation: {
      input,
      ...(spec.format !== undefined ? { source: spec.format } : {}),
      ...target,
      mode: SAVE_MODES[spec.mode],
      options: { ...spec.options },
      partitioningColumns: [...spec.partitionBy],
      sortColumnNames: [...spec.sortBy],
      ...(spec.bucketBy ? { bucketBy: { numBuckets: spec.bucketBy.numBuckets, bucketColumnNames: [...spec.bucketBy.columns] } } : {}),
    },
  };
}

export function createView(input: Relation, name: string, options: { readonly global: boolean; readonly replace: boolean }): Command {
  return { createDataframeView: { input, name, isGlobal: options.global, replace: options.replace } };
}

/** Runs a SQL statement: commands take effect, queries come back as a relation. */
export function sqlCommand(input: Relation): Command {
  return { sqlCommand: { input } };
}
