/** The single place where a loader's `engine` option turns into an engine implementation. */
import type { Engine, EngineOptions } from './engine.js';
import { localEngine } from './local/engine.js';
import { sparkEngine } from './spark/engine.js';

export function selectEngine(options: EngineOptions | undefined, _loader: string): Engine {
  if (options?.engine === undefined || options.engine === null) return localEngine;
  return sparkEngine(options.engine);
}
