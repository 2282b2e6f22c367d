/**
 * Reports: a title, then sections of text, tables and figures, written as one
 * self-contained `index.html` (live Vega views, no network) plus a static SVG,
 * PNG and Vega-Lite spec per figure.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '../common/errors.js';
import { vegaScripts } from './assets.js';
import { renderPage, type Block, type FigureLinks, type TableCell } from './page.js';
import { compileSpec, renderSvg, svgToPng, type CompiledSpec } from './render.js';
import type { VegaLiteSpec } from './types.js';

export type { TableCell } from './page.js';

/** Written into every report directory; only directories holding it (or empty ones) are ever replaced. */
const MARKER = '.thunder-report.json';

export interface TextOptions {
  /** `markdown` (default): markdown-lite, see html.ts; `plain`: paragraphs only. Raw HTML is always escaped. */
  format?: 'markdown' | 'plain';
}

export interface TableOptions {
  caption?: string;
  /** Significant digits for non-integer numbers (default 6). */
  digits?: number;
}

export interface ReportFigureOptions {
  caption?: string;
}

export interface WriteOptions {
  /** Resolution of the PNG copies relative to the SVG size (default 2). */
  pngScale?: number;
}

/** Absolute paths of one figure's static copies. */
export interface FigureFiles {
  readonly number: number;
  readonly caption: string | undefined;
  readonly svg: string;
  readonly png: string;
  readonly spec: string;
}

export interface ReportFiles {
  /** The report directory (absolute). */
  readonly dir: string;
  /** Its `index.html`. */
  readonly index: string;
  readonly figureCount: number;
  readonly figures: readonly FigureFiles[];
  /** Warnings Vega-Lite raised while compiling the figures, prefixed with the figure number. */
  readonly warnings: readonly string[];
}

function requireText(value: unknown, arg: string, allowEmpty: boolean): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) throw new InvalidArgumentError(arg, allowEmpty ? 'a string' : 'a non-empty string', value);
  return value;
}

function optionalCaption(value: unknown, arg: string): string | undefined {
  return value === undefined ? undefined : requireText(value, arg, true);
}

function errorText(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

async function statOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * A report under construction. Methods append in order and return `this`;
 * content before the first `section` forms an untitled introduction. Every
 * string is escaped when written: titles, captions and cells are text, never
 * HTML.
 */
export class Report {
  readonly title: string;
  private readonly blocks: Block[] = [];
  private readonly compiled: CompiledSpec[] = [];

  /** @throws InvalidArgumentError when `title` is not a non-empty string. */
  constructor(title: string) {
    this.title = requireText(title, 'Report(title)', false);
  }

  get figureCount(): number {
    return this.compiled.length;
  }

  /** Starts a numbered section (listed in the table of contents). */
  section(title: string): this {
    this.blocks.push({ kind: 'section', title: requireText(title, 'section(title)', false) });
    return this;
  }

  text(text: string, opts: TextOptions = {}): this {
    const format = opts.format ?? 'markdown';
    if (format !== 'markdown' && format !== 'plain') throw new InvalidArgumentError('text(options.format)', '"markdown" or "plain"', format);
    this.blocks.push({ kind: 'text', text: requireText(text, 'text(text)', true), format });
    return this;
  }

  /** @throws InvalidArgumentError naming the row when a row's length differs from the columns'. */
  table(columns: readonly string[], rows: readonly (readonly TableCell[])[], opts: TableOptions = {}): this {
    if (!Array.isArray(columns) || columns.length === 0) throw new InvalidArgumentError('table(columns)', 'a non-empty array of column names', columns);
    columns.forEach((c, i) => requireText(c, `table(columns[${i}])`, true));
    if (!Array.isArray(rows)) throw new InvalidArgumentError('table(rows)', 'an array of rows', rows);
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== columns.length) throw new InvalidArgumentError(`table(rows[${i}])`, `${columns.length} cells`, row);
    });
    const digits = opts.digits ?? 6;
    if (!Number.isInteger(digits) || digits < 1 || digits > 21) throw new InvalidArgumentError('table(options.digits)', 'an integer in [1, 21]', digits);
    this.blocks.push({ kind: 'table', columns: [...columns], rows: rows.map((r) => [...r]), caption: optionalCaption(opts.caption, 'table(options.caption)'), digits });
    return this;
  }

  /**
   * Adds a figure. The spec is compiled now, so a spec Vega-Lite rejects fails
   * here (InvalidArgumentError naming `figure(spec)`), not at `write`.
   */
  figure(spec: VegaLiteSpec, opts: ReportFigureOptions = {}): this {
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new InvalidArgumentError('figure(spec)', 'a Vega-Lite spec object', spec);
    const compiled = compileSpec(spec, 'figure(spec)');
    this.blocks.push({ kind: 'figure', spec, caption: optionalCaption(opts.caption, 'figure(options.caption)'), index: this.compiled.length });
    this.compiled.push(compiled);
    return this;
  }

  /** The page alone, with figure links as `write` lays them out (for previews and tests). */
  toHtml(): string {
    return renderPage({
      title: this.title,
      blocks: this.blocks,
      links: this.compiled.map((_, i) => this.figureNames(i)),
      scripts: vegaScripts(),
      generated: new Date().toISOString(),
    });
  }

  private figureNames(i: number): FigureLinks {
    const stem = `figures/figure-${String(i + 1).padStart(Math.max(2, String(this.compiled.length).length), '0')}`;
    return { svg: `${stem}.svg`, png: `${stem}.png`, spec: `${stem}.vl.json` };
  }

  /**
   * Writes the report into directory `dir`: `index.html`, `figures/` (SVG,
   * PNG and spec per figure) and a marker file.
   *
   * Atomic: figures are rendered in memory, the files written into a fresh
   * temporary directory beside `dir`, which is then renamed onto `dir`. An
   * existing `dir` is replaced only if it is empty or an earlier report
   * (between its removal and the rename there is a moment with no `dir`).
   * Missing parent directories are created.
   *
   * @throws InvalidArgumentError for a bad `dir` or option.
   * @throws DataFormatError naming `dir` when it cannot be written (parent is a
   *   file, no permission, disk full, or `dir` is something other than a
   *   report); nothing is left behind in that case, and an earlier report at
   *   `dir` is kept.
   */
  async write(dir: string, opts: WriteOptions = {}): Promise<ReportFiles> {
    requireText(dir, 'write(dir)', false);
    const scale = opts.pngScale ?? 2;
    if (!(typeof scale === 'number' && scale > 0 && scale <= 8)) throw new InvalidArgumentError('write(options.pngScale)', 'a number in (0, 8]', scale);
    const target = resolve(dir);
    const parent = dirname(target);

    const files: { path: string; content: string | Uint8Array }[] = [];
    const warnings: string[] = [];
    for (let i = 0; i < this.compiled.length; i++) {
      const names = this.figureNames(i);
      const svg = await renderSvg(this.compiled[i]!);
      files.push({ path: names.svg, content: svg }, { path: names.png, content: svgToPng(svg, scale) });
      warnings.push(...this.compiled[i]!.warnings.map((w) => `figure ${i + 1}: ${w}`));
    }
    this.blocks.forEach((b) => {
      if (b.kind === 'figure') files.push({ path: this.figureNames(b.index).spec, content: `${JSON.stringify(b.spec, null, 1)}\n` });
    });
    files.push({ path: 'index.html', content: this.toHtml() });
    files.push({ path: MARKER, content: `${JSON.stringify({ generator: 'thunder-connect viz', title: this.title, figures: this.compiled.length })}\n` });

    const fail = (what: string, err?: unknown): DataFormatError =>
      new DataFormatError(target, `cannot write the report: ${what}${err === undefined ? '' : ` (${errorText(err)})`}`, err === undefined ? undefined : { cause: err });

    const replaceable = async (): Promise<boolean> => {
      const stat = await statOrUndefined(target);
      if (stat === undefined) return false;
      if (!stat.isDirectory()) throw fail('the path exists and is not a directory');
      const entries = await readdir(target);
      if (entries.length > 0 && !entries.includes(MARKER)) throw fail(`the directory exists and is not a report written by Report.write (no ${MARKER}); refusing to replace it`);
      return true;
    };

    let tmp: string | undefined;
    try {
      await replaceable().catch((err: unknown) => {
        throw err instanceof DataFormatError ? err : fail('cannot inspect the existing path', err);
      });
      try {
        await mkdir(parent, { recursive: true });
        tmp = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
        await chmod(tmp, 0o755);
        await mkdir(join(tmp, 'figures'));
        await Promise.all(files.map((f) => writeFile(join(tmp!, f.path), f.content)));
      } catch (err) {
        throw fail(`cannot create files next to it in ${parent}`, err);
      }

      const backup = (await replaceable()) ? join(parent, `.${basename(target)}.old-${randomBytes(6).toString('hex')}`) : undefined;
      if (backup) await rename(target, backup).catch((err: unknown) => Promise.reject(fail('cannot move the earlier report aside', err)));
      try {
        await rename(tmp, target);
        tmp = undefined;
      } catch (err) {
        if (backup) await rename(backup, target).catch(() => undefined);
        throw fail('cannot move the new report into place', err);
      }
      if (backup) await rm(backup, { recursive: true, force: true });
    } finally {
      if (tmp) await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    }

    const figures = this.blocks.flatMap((b) => {
      if (b.kind !== 'figure') return [];
      const names = this.figureNames(b.index);
      return [{ number: b.index + 1, caption: b.caption, svg: join(target, names.svg), png: join(target, names.png), spec: join(target, names.spec) }];
    });
    return { dir: target, index: join(target, 'index.html'), figureCount: figures.length, figures, warnings };
  }
}
