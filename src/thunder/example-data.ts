/**
 * Location of the example data shipped in the package's `data/` directory, resolved relative to
 * this module so it works from `src/thunder/` (tsx, tests) and from `dist/thunder/` (built).
 */
import { fileURLToPath } from 'node:url';

export function exampleDir(relative: string): string {
  return fileURLToPath(new URL(`../../data/${relative}`, import.meta.url));
}
