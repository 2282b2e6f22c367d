/**
 * Headless rendering of specs: Vega-Lite → Vega → SVG (vega's `none`
 * renderer needs no DOM or canvas) → PNG (resvg, a self-contained
 * rasterizer). Used to put static copies of each figure next to a report.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { InvalidArgumentError } from '../common/errors.js';
import type { VegaLiteSpec } from './types.js';

/** A spec compiled to Vega, with the warnings Vega-Lite raised while compiling it. */
export interface CompiledSpec {
  readonly vega: vega.Spec;
  readonly warnings: readonly string[];
}

/**
 * Compiles a Vega-Lite spec, collecting warnings instead of printing them.
 * @throws InvalidArgumentError naming `arg` when Vega-Lite rejects the spec.
 */
export function compileSpec(spec: VegaLiteSpec, arg: string): CompiledSpec {
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_method, level, input) => {
    warnings.push(`${level} ${input.map(String).join(' ')}`);
  });
  try {
    return { vega: compile(spec, { logger }).spec, warnings };
  } catch (err) {
    throw new InvalidArgumentError(arg, `a Vega-Lite spec that compiles (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The figure as an SVG document, drawn exactly as vega draws it in a browser (fonts aside). */
export async function renderSvg(compiled: CompiledSpec): Promise<string> {
  // Vega writes ids and derived fields onto the data objects it ingests; the spec must stay as the user built it.
  const view = new vega.View(vega.parse(structuredClone(compiled.vega)), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterizes an SVG at `scale` × its own size on white (PNG bytes). */
export function svgToPng(svg: string, scale: number): Uint8Array {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true } });
  return resvg.render().asPng();
}
