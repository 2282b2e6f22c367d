/**
 * The numbers the notebook printed, next to ours: collected while the job runs,
 * printed as an aligned text table at the end and added to the report.
 */

export type Value = string | number;

export interface SummaryRow {
  /** Where in the notebook, e.g. `Q3` or `In [18]`. */
  readonly where: string;
  readonly what: string;
  /** What the notebook printed (empty when it printed nothing comparable). */
  readonly notebook: Value;
  readonly ours: Value;
}

export const SUMMARY_COLUMNS: readonly string[] = ['where', 'quantity', 'notebook', 'thunder-connect', 'difference'];

/** Numbers as the table shows them: integers whole, others with `digits` significant digits. */
export function formatValue(v: Value, digits = 6): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

/** A shape as Python prints it: `(20, 2, 76, 87)`, `(20,)`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** A short vector as numpy prints it, `[26 26 25]`, with the middle elided beyond `max` values. */
export function formatVector(values: ArrayLike<number>, max = 20, digits = 4): string {
  const all = Array.from(values, (v) => formatValue(v, digits));
  if (all.length <= max) return `[${all.join(' ')}]`;
  const half = Math.floor(max / 2);
  return `[${[...all.slice(0, half), '...', ...all.slice(-half)].join(' ')}]`;
}

/** Significant digits in a number's shortest decimal form: how precisely it was printed. */
export function significantDigits(v: number): number {
  const digits = Math.abs(v).toExponential().split('e')[0]!.replace('.', '');
  return Math.min(Math.max(digits.length, 1), 21);
}

/**
 * How ours differs from the notebook's: `same` for equal text, or for a number
 * equal to the notebook's at the precision it was printed with; the relative
 * difference in percent for other number pairs; empty otherwise.
 */
export function difference(notebook: Value, ours: Value): string {
  if (typeof notebook === 'number' && typeof ours === 'number') {
    if (notebook === ours || Number(ours.toPrecision(significantDigits(notebook))) === notebook) return 'same';
    if (notebook === 0) return '';
    const rel = (100 * (ours - notebook)) / Math.abs(notebook);
    const text = Math.abs(rel) < 0.05 ? rel.toFixed(3) : rel.toFixed(1);
    return `${rel >= 0 ? '+' : ''}${text} %`;
  }
  if (notebook === '' || ours === '' || typeof notebook !== typeof ours) return '';
  return formatValue(notebook) === formatValue(ours) ? 'same' : 'differs';
}

export function summaryCells(row: SummaryRow): string[] {
  return [row.where, row.what, formatValue(row.notebook), formatValue(row.ours), difference(row.notebook, row.ours)];
}

/** Columns padded to their widest cell, a rule under the header; long cells are cut to `maxCell`. */
export function formatTable(columns: readonly string[], rows: readonly (readonly string[])[], maxCell = 48): string {
  const cut = (s: string): string => (s.length > maxCell ? `${s.slice(0, maxCell - 1)}…` : s);
  const cells = [columns.map(cut), ...rows.map((r) => r.map(cut))];
  const widths = columns.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((s, c) => s.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export class Summary {
  private readonly list: SummaryRow[] = [];

  add(where: string, what: string, notebook: Value, ours: Value): this {
    this.list.push({ where, what, notebook, ours });
    return this;
  }

  get rows(): readonly SummaryRow[] {
    return this.list;
  }

  toText(): string {
    return formatTable(SUMMARY_COLUMNS, this.list.map(summaryCells));
  }
}
