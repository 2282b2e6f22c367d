/** The single place where a loader's `engine` option turns into an engine implementation. */
import { NotSupportedError } from '../common/errors.js';
import type { Engine, EngineOptions } from './engine.js';
import { localEngine } from './local/engine.js';

export function selectEngine(options: EngineOptions | undefined, loader: string): Engine {
  if (options?.engine === undefined || options.engine === null) return localEngine;
  throw new NotSupportedError(`${loader}(engine)`, 'the Spark engine is not yet wired into Images/Series; omit `engine` to use the local engine');
}
