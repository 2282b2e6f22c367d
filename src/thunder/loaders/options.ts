/** Validation of the options every loader shares. */
import { InvalidArgumentError } from '../../common/errors.js';
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

export function extensions(ext: string | undefined, defaults: readonly string[]): string[] {
  if (ext === undefined) return [...defaults];
  if (typeof ext !== 'string' || ext.length === 0) throw new InvalidArgumentError('ext', 'a file extension such as "tif"', ext);
  const e = ext.replace(/^\./, '');
  // Thunder lists .tif and .tiff files for either name.
  return e.toLowerCase() === 'tif' || e.toLowerCase() === 'tiff' ? ['tif', 'tiff'] : [e];
}
