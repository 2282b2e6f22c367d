/** Validation of the options every loader shares. */
import { InvalidArgumentError } from '../../common/errors.js';
import { checkBoolean, checkChoice, checkInteger } from '../../common/validate.js';
import type { EngineOptions } from '../engine.js';

/** Options of loaders that read files: which files, as in Thunder. */
export interface FileOptions extends EngineOptions {
  /** Extension of the files to read (without the dot). */
  readonly ext?: string;
  /** Python-style slice over the sorted file list. */
  readonly start?: number;
  readonly stop?: number;
  /** Descend into subdirectories. */
  readonly recursive?: boolean;
}

export function checkEngineOptions(options: EngineOptions, where: string): void {
  const n = options.npartitions;
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new InvalidArgumentError(`${where}(npartitions)`, 'a positive integer', n);
}

/**
 * The options images and series loaders share, checked before anything is read: `engine` (a
 * SparkSession or nothing), `npartitions`, `readOn`, and for files `ext`, `start`, `stop`,
 * `recursive`. Option names are checked by the caller (each loader knows its own).
 */
export function checkSourceOptions(o: Record<string, unknown>, where: string): void {
  checkEngineOptions(o as EngineOptions, where);
  const engine = o['engine'];
  if (engine !== undefined && engine !== null && (typeof engine !== 'object' || typeof (engine as { createDataFrame?: unknown }).createDataFrame !== 'function')) {
    throw new InvalidArgumentError(`${where}(engine)`, 'a SparkSession (or undefined for the local engine)', engine);
  }
  if (o['readOn'] !== undefined) checkChoice(o['readOn'], ['workers', 'driver'], `${where}(readOn)`);
  const ext = o['ext'];
  if (ext !== undefined && (typeof ext !== 'string' || ext.length === 0)) throw new InvalidArgumentError(`${where}(ext)`, 'a file extension such as "tif" or "bin"', ext);
  for (const k of ['start', 'stop']) if (o[k] !== undefined) checkInteger(o[k], `${where}(${k})`);
  checkBoolean(o['recursive'], `${where}(recursive)`, false);
}

export function extensions(ext: string | undefined, defaults: readonly string[]): string[] {
  if (ext === undefined) return [...defaults];
  if (typeof ext !== 'string' || ext.length === 0) throw new InvalidArgumentError('ext', 'a file extension such as "tif"', ext);
  const e = ext.replace(/^\./, '');
  // Thunder lists .tif and .tiff files for either name.
  return e.toLowerCase() === 'tif' || e.toLowerCase() === 'tiff' ? ['tif', 'tiff'] : [e];
}
