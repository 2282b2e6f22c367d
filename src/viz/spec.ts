/** The few things every built spec shares: schema URL, white background, title. */
import type { VegaLiteSpec, ViewSpec } from './types.js';

/** The schema of the installed Vega-Lite major version (6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Wraps a view as a complete spec; the title, if any, is the whole figure's. */
export function topLevel(view: ViewSpec, title: string | undefined): VegaLiteSpec {
  return { ...topLevelProps(title), ...view } as VegaLiteSpec;
}

/** The top-level-only properties, for specs that need more of them (e.g. bound parameters). */
export function topLevelProps(title: string | undefined): { $schema: string; background: string; title?: string } {
  return { $schema: VEGA_LITE_SCHEMA, background: 'white', ...(title === undefined ? {} : { title }) };
}
