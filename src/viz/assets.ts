/**
 * The UMD builds of vega, vega-lite and vega-embed, read from node_modules
 * so a report can inline them and render with no network. Resolved through
 * each package's own entry point because their `exports` maps hide the
 * build folder.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataFormatError } from '../common/errors.js';

const require = createRequire(import.meta.url);

/** Load order matters: vega-lite's UMD expects `vega`, vega-embed expects both. */
const BUILDS = [
  { pkg: 'vega', file: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

export interface ScriptAsset {
  readonly name: string;
  readonly source: string;
}

let cached: readonly ScriptAsset[] | undefined;

/**
 * @throws DataFormatError naming the file when a build is missing (a broken or pruned install).
 */
export function vegaScripts(): readonly ScriptAsset[] {
  if (cached) return cached;
  cached = BUILDS.map(({ pkg, file }) => {
    let path = `${pkg}/build/${file}`;
    try {
      path = join(dirname(require.resolve(pkg)), file);
      return { name: pkg, source: readFileSync(path, 'utf8') };
    } catch (err) {
      throw new DataFormatError(path, `cannot read the UMD build of ${pkg} needed to render reports offline`, { cause: err });
    }
  });
  return cached;
}
