/**
 * Rich display in a Jupyter notebook: MIME bundles for the package's values,
 * and the channel that sends them to the kernel.
 *
 * This module is the only place that knows the kernel: src/thunder, src/viz and
 * src/connect stay notebook-free. `enableRichDisplay()` gives their classes the
 * display method Deno's Jupyter kernel looks for (`Symbol.for('Jupyter.display')`),
 * so a cell whose last expression is an Images, Series, NDArray, model or
 * DataFrame shows its summary; Vega-Lite specs are plain data by design, so they
 * are shown with `show(spec)`.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { NDArray } from '../common/ndarray.js';
import { DataFrame } from '../connect/dataframe.js';
import { GaussianMixtureModel, Images, KMeansModel, PCAModel, Series } from '../thunder/index.js';
import type { VegaLiteSpec } from '../viz/index.js';
import { compileSpec, renderSvg, svgToPng } from '../viz/render.js';

/** MIME type → content, as in Jupyter's display_data messages (binary content base64-encoded). */
export type MimeBundle = Readonly<Record<string, unknown>>;

export interface DisplayOptions {
  /** Names the output so later displays with `update: true` replace it in place. */
  readonly id?: string;
  /** Replace the output named `id` instead of adding one. */
  readonly update?: boolean;
}

/** Where bundles go: the running kernel, or a plain text stream outside one. */
export interface DisplayChannel {
  display(bundle: MimeBundle, options?: DisplayOptions): Promise<void>;
}

/** The part of Deno's `Deno.jupyter` namespace used here (no dependency on Deno's types). */
interface DenoJupyter {
  display(bundle: MimeBundle, options: { raw: true; update?: boolean; display_id?: string }): Promise<void>;
}

function denoJupyter(): DenoJupyter | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: Partial<DenoJupyter> } }).Deno;
  return typeof deno?.jupyter?.display === 'function' ? (deno.jupyter as DenoJupyter) : undefined;
}

/** Outside a kernel (a script, a test) a display prints its text/plain form; updates print nothing. */
function textChannel(write: (text: string) => void): DisplayChannel {
  return {
    display(bundle, options = {}) {
      if (!options.update) write(`${String(bundle['text/plain'] ?? '')}\n`);
      return Promise.resolve();
    },
  };
}

/** The kernel's channel when running under Deno's Jupyter kernel, else one that prints to stdout. */
export function kernelChannel(): DisplayChannel {
  const jupyter = denoJupyter();
  if (!jupyter) return textChannel((t) => process.stdout.write(t));
  return {
    display(bundle, options = {}) {
      return jupyter.display(bundle, { raw: true, ...(options.update ? { update: true } : {}), ...(options.id ? { display_id: options.id } : {}) });
    },
  };
}

/** Text made safe to place inside HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Partitions a Spark-backed Images/Series targets (the engine context holds them); undefined locally. */
function partitionsOf(x: Images | Series): number | undefined {
  const ctx = (x.impl as { ctx?: { npartitions?: unknown } }).ctx;
  return typeof ctx?.npartitions === 'number' ? ctx.npartitions : undefined;
}

/**
 * One line naming the value's kind and layout, e.g.
 * `Images  mode: spark, shape: [20, 2, 76, 87], dtype: uint8, partitions: 12`.
 * Undefined for values this module does not know.
 */
export function summaryLine(x: unknown): string | undefined {
  if (x instanceof Images || x instanceof Series) {
    const parts = x instanceof Images ? [`${x.shape[0]} images of ${shapeText(x.valueShape)}`] : [`${x.shape.slice(0, -1).reduce((a, b) => a * b, 1)} series of length ${x.length}`];
    const n = partitionsOf(x);
    const fields = [`mode: ${x.mode}`, `shape: ${shapeText(x.shape)}`, `dtype: ${x.dtype}`, ...(n === undefined ? [] : [`partitions: ${n}`])];
    return `${x instanceof Images ? 'Images' : 'Series'}  ${fields.join(', ')}  (${parts[0]})`;
  }
  if (x instanceof NDArray) return `NDArray  shape: ${shapeText(x.shape)}, dtype: ${x.dtype}`;
  if (x instanceof KMeansModel) return `KMeansModel  k: ${x.k}, series length: ${x.T}, training cost: ${x.trainingCost.toPrecision(6)}, ${modelWhere(x.engine, x.disposed)}`;
  if (x instanceof GaussianMixtureModel) return `GaussianMixtureModel  k: ${x.k}, series length: ${x.T}, log-likelihood: ${x.logLikelihood.toPrecision(6)}, ${modelWhere(x.engine, x.disposed)}`;
  if (x instanceof PCAModel) {
    const explained = x.explainedVariance.reduce((a, b) => a + b, 0);
    return `PCAModel  k: ${x.k}, series length: ${x.T}, explained variance: ${(100 * explained).toFixed(1)} %, ${modelWhere(x.engine, x.disposed)}`;
  }
  return undefined;
}

function modelWhere(engine: 'local' | 'spark', disposed: boolean): string {
  return disposed ? 'disposed' : engine === 'spark' ? 'held by the Spark server' : 'local';
}

/** Rows shown for a DataFrame; more than this and the table says it is cut. */
export const DATAFRAME_ROWS = 20;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const all = Array.from(v as ArrayLike<unknown>, (e) => cellText(e));
    return `[${(all.length > 8 ? [...all.slice(0, 8), '…'] : all).join(', ')}]`;
  }
  return JSON.stringify(v, (_k, e: unknown) => (typeof e === 'bigint' ? String(e) : e)) ?? String(v);
}

/**
 * A DataFrame's first rows as an HTML table and aligned text (runs one
 * `limit(DATAFRAME_ROWS + 1)` action on the server).
 */
export async function dataFrameBundle(df: DataFrame): Promise<MimeBundle> {
  const [columns, rows] = await Promise.all([df.columns(), df.limit(DATAFRAME_ROWS + 1).collect()]);
  const shown = rows.slice(0, DATAFRAME_ROWS).map((r) => columns.map((c) => cellText(r[c])));
  const more = rows.length > DATAFRAME_ROWS ? `only the first ${DATAFRAME_ROWS} rows shown` : `${rows.length} row${rows.length === 1 ? '' : 's'}`;
  const html =
    `<table><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>` +
    shown.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('') +
    `</tbody></table><p>DataFrame: ${escapeHtml(more)}</p>`;
  const widths = columns.map((c, i) => Math.max(c.length, ...shown.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const text = [line(columns), ...shown.map(line), `DataFrame: ${more}`].join('\n');
  return { 'text/plain': text, 'text/html': html };
}

/** The Vega-Lite MIME type matching the spec's `$schema` (`application/vnd.vegalite.v6+json` for our v6 specs). */
export function vegaLiteMimeType(spec: VegaLiteSpec): string {
  const schema = (spec as { $schema?: unknown }).$schema;
  const m = typeof schema === 'string' ? /\/vega-lite\/v(\d+)(?:\.[\d.]+)?\.json$/.exec(schema) : null;
  if (!m) throw new InvalidArgumentError('spec.$schema', 'a Vega-Lite schema URL such as https://vega.github.io/schema/vega-lite/v6.json', schema);
  return `application/vnd.vegalite.v${m[1]}+json`;
}

export function isVegaLiteSpec(x: unknown): x is VegaLiteSpec {
  const schema = typeof x === 'object' && x !== null ? (x as { $schema?: unknown }).$schema : undefined;
  return typeof schema === 'string' && schema.includes('/vega-lite/');
}

export interface FigureBundleOptions {
  /** PNG scale relative to the figure's own size (default 1). */
  readonly pngScale?: number;
  /** Text shown by frontends that draw neither (default: the spec's title). */
  readonly caption?: string;
}

/**
 * A figure as the Vega-Lite bundle frontends draw natively, with a PNG of the
 * same figure (rendered here: Vega → SVG → resvg) for those that do not.
 * @throws InvalidArgumentError naming `spec` when it is not a Vega-Lite spec that compiles.
 */
export async function figureBundle(spec: VegaLiteSpec, options: FigureBundleOptions = {}): Promise<MimeBundle> {
  const mime = vegaLiteMimeType(spec);
  const scale = options.pngScale ?? 1;
  if (!(typeof scale === 'number' && scale > 0 && scale <= 8)) throw new InvalidArgumentError('figureBundle(options.pngScale)', 'a number in (0, 8]', scale);
  const svg = await renderSvg(compileSpec(spec, 'spec'));
  const png = svgToPng(svg, scale);
  const title = (spec as { title?: unknown }).title;
  const caption = options.caption ?? (typeof title === 'string' ? title : 'Vega-Lite figure');
  return { [mime]: spec, 'image/png': Buffer.from(png).toString('base64'), 'text/plain': `<figure: ${caption}>` };
}

/**
 * The bundle for any value: figures for Vega-Lite specs, a table for
 * DataFrames, a summary line for Images/Series/NDArray/models, a string's own
 * text, and JSON or String() for the rest.
 */
export async function mimeBundle(x: unknown): Promise<MimeBundle> {
  if (isVegaLiteSpec(x)) return figureBundle(x);
  if (x instanceof DataFrame) return dataFrameBundle(x);
  const line = summaryLine(x);
  if (line !== undefined) return { 'text/plain': line };
  if (typeof x === 'string') return { 'text/plain': x };
  return { 'text/plain': cellText(x) };
}

let channel: DisplayChannel | undefined;

/** The channel `show` uses (the kernel's unless `useChannel` set one). */
export function currentChannel(): DisplayChannel {
  return (channel ??= kernelChannel());
}

/** Sends later displays to `c` (tests use a recording channel); undefined restores the kernel's. */
export function useChannel(c: DisplayChannel | undefined): void {
  channel = c;
}

/** How long `settle` waits (see there). */
export const SETTLE_MS = 250;

/**
 * Lets the kernel send what was displayed before the cell ends. Deno 2.9's kernel
 * queues displays for a separate IOPub sender and can publish the cell's `idle`
 * status before the queue's tail (and before the cell's execute_result);
 * frontends (JupyterLab, nbclient) stop listening to a cell at `idle` and drop
 * what comes later. Waiting here keeps a cell's last displays; results that must
 * not be lost are displayed rather than returned as the cell's value. No wait
 * outside a kernel.
 */
export async function settle(): Promise<void> {
  if (denoJupyter()) await new Promise((r) => setTimeout(r, SETTLE_MS));
}

/**
 * Displays a value in the current cell (see `mimeBundle` for what each kind
 * looks like), and waits until the kernel has sent it (`settle`).
 */
export async function show(x: unknown, options: DisplayOptions = {}): Promise<void> {
  await currentChannel().display(await mimeBundle(x), options);
  await settle();
}

/** Displays markdown text in the current cell. */
export async function markdown(text: string): Promise<void> {
  if (typeof text !== 'string') throw new InvalidArgumentError('markdown(text)', 'a string', text);
  await currentChannel().display({ 'text/markdown': text, 'text/plain': text });
}

const DISPLAY = Symbol.for('Jupyter.display');

/**
 * Lets Images, Series, NDArray, DataFrame and the clustering models display
 * themselves when they are a cell's result (Deno's kernel calls the method named
 * `Symbol.for('Jupyter.display')`). Idempotent; outside a kernel it changes nothing visible.
 */
export function enableRichDisplay(): void {
  for (const cls of [Images, Series, NDArray, DataFrame, KMeansModel, GaussianMixtureModel, PCAModel]) {
    if (Object.prototype.hasOwnProperty.call(cls.prototype, DISPLAY)) continue;
    Object.defineProperty(cls.prototype, DISPLAY, {
      value(this: unknown) {
        return mimeBundle(this);
      },
      configurable: true,
      writable: true,
    });
  }
}
