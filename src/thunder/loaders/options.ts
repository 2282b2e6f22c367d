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
  return ext === undefined ? [...defaults] : [ext.replace(/^\./, '')];
}
