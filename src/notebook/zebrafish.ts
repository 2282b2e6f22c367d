/**
 * The zebrafish notebook's cells: each shows what the demo computed for one
 * question (src/fish/session.ts) — its paragraphs as markdown, its figures
 * as Vega-Lite with a PNG, its tables, and the notebook's numbers next to ours.
 */
import { FishSession, type QuestionOutput } from '../fish/session.js';
import { SUMMARY_COLUMNS, formatTable, summaryCells } from '../fish/summary.js';
import type { TableCell } from '../viz/index.js';
import { currentChannel, escapeHtml, figureBundle, markdown, settle, type MimeBundle } from './display.js';

export { FishSession, type QuestionOutput };


function cellText(c: TableCell): string {
  return typeof c === 'number' ? String(Number.isInteger(c) ? c : Number(c.toPrecision(6))) : String(c);
}

/** A table as aligned text and HTML. */
export function tableBundle(columns: readonly string[], rows: readonly (readonly TableCell[])[], caption?: string): MimeBundle {
  const cells = rows.map((r) => r.map(cellText));
  const html =
    `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>` +
    cells.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>';
  return { 'text/plain': `${caption ? `${caption}\n` : ''}${formatTable(columns, cells, 80)}`, 'text/html': html };
}

/**
 * The notebook's numbers next to ours for one question: a table, plus the rows
 * as `application/json` (`[{ where, what, notebook, ours }]`) for programs
 * reading the executed notebook.
 */
export function numbersBundle(out: QuestionOutput): MimeBundle {
  const table = tableBundle(SUMMARY_COLUMNS, out.rows.map(summaryCells), `Q${out.question}: the notebook's numbers and ours`);
  return { ...table, 'application/json': { question: out.question, rows: out.rows.map((r) => ({ where: r.where, what: r.what, notebook: r.notebook, ours: r.ours })) } };
}

/** The line shown for a question that printed no numbers in the notebook. */
function contentLine(out: QuestionOutput): string {
  const count = (kind: string): number => out.items.filter((i) => i.kind === kind).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `Q${out.question}: ${plural(count('figure'), 'figure')}, ${plural(count('table'), 'table')}, ${plural(count('text'), 'paragraph')}; the notebook printed no numbers here`;
}

/**
 * Shows one question's paragraphs, figures and tables in the current cell, in
 * the order the demo wrote them, then the notebook's numbers next to ours (or a
 * line saying the notebook printed none). Everything is a display, not the
 * cell's result: see `settle` for why.
 */
export async function showQuestion(out: QuestionOutput): Promise<void> {
  const channel = currentChannel();
  for (const item of out.items) {
    if (item.kind === 'text') await markdown(item.text);
    else if (item.kind === 'figure') {
      await channel.display(await figureBundle(item.spec, item.caption === undefined ? {} : { caption: item.caption }));
      if (item.caption) await markdown(`*${item.caption}*`);
    } else await channel.display(tableBundle(item.columns, item.rows, item.caption));
  }
  await channel.display(out.rows.length > 0 ? numbersBundle(out) : { 'text/plain': contentLine(out) });
  await settle();
}
