/**
 * The report's single HTML page: table of contents, text, tables and one
 * live Vega view per figure, with vega, vega-lite and vega-embed inlined so
 * it renders from a file with no network. The page counts views that
 * finished rendering in `window.__rendered` (and failures in
 * `window.__renderErrors`) for tests and automation.
 */
import type { ScriptAsset } from './assets.js';
import { escapeHtml, jsonForScript, markdownToHtml, plainToHtml, scriptForHtml } from './html.js';
import type { VegaLiteSpec } from './types.js';

export type TableCell = string | number | boolean | null | undefined;

export type Block =
  | { kind: 'section'; title: string }
  | { kind: 'text'; text: string; format: 'markdown' | 'plain' }
  | { kind: 'table'; columns: readonly string[]; rows: readonly (readonly TableCell[])[]; caption: string | undefined; digits: number }
  | { kind: 'figure'; spec: VegaLiteSpec; caption: string | undefined; index: number };

export interface FigureLinks {
  readonly svg: string;
  readonly png: string;
  readonly spec: string;
}

export interface PageModel {
  readonly title: string;
  readonly blocks: readonly Block[];
  /** Relative links to each figure's static files, by figure index. */
  readonly links: readonly FigureLinks[];
  readonly scripts: readonly ScriptAsset[];
  readonly generated: string;
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0; background: #fafafa; }
header, nav, main { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { margin: 0 0 4px; font-size: 28px; }
.meta { color: #777; margin: 0 0 16px; font-size: 13px; }
nav { border-top: 1px solid #ddd; border-bottom: 1px solid #ddd; padding-top: 8px; padding-bottom: 8px; }
nav h2 { font-size: 15px; margin: 4px 0; }
nav ol { margin: 0; padding-left: 22px; }
nav ol ol { list-style: none; padding-left: 12px; font-size: 13px; }
section { margin: 28px 0; }
h2 { font-size: 21px; border-bottom: 1px solid #eee; padding-bottom: 4px; }
figure { margin: 20px 0; padding: 12px; background: white; border: 1px solid #e4e4e4; border-radius: 4px; overflow-x: auto; }
figcaption { font-size: 13px; color: #444; margin-top: 6px; }
figcaption a { color: #555; }
table { border-collapse: collapse; margin: 16px 0; background: white; font-size: 14px; }
caption { caption-side: bottom; font-size: 13px; color: #444; text-align: left; padding-top: 4px; }
th, td { border: 1px solid #ddd; padding: 4px 10px; }
th { background: #f2f2f2; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f0f0f0; padding: 0 3px; border-radius: 3px; }
.render-error { color: #b00020; }
`;

const BOOT = `
(function () {
  var specs = JSON.parse(document.getElementById('report-specs').textContent);
  window.__rendered = 0;
  window.__renderErrors = [];
  var options = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  var views = Array.prototype.map.call(document.querySelectorAll('[data-figure]'), function (node) {
    var spec = specs[Number(node.getAttribute('data-figure'))];
    return vegaEmbed(node, spec, options).then(
      function () { window.__rendered += 1; },
      function (err) {
        window.__renderErrors.push(String(err));
        node.className = 'render-error';
        node.textContent = 'This figure could not be drawn here (' + err + '); see its SVG or PNG.';
      }
    );
  });
  Promise.all(views).then(function () { document.documentElement.setAttribute('data-rendered', String(window.__rendered)); });
})();
`;

function formatCell(cell: TableCell, digits: number): { html: string; numeric: boolean } {
  if (cell === null || cell === undefined) return { html: '', numeric: false };
  if (typeof cell === 'number') {
    const text = Number.isInteger(cell) || !Number.isFinite(cell) ? String(cell) : String(Number(cell.toPrecision(digits)));
    return { html: escapeHtml(text), numeric: true };
  }
  return { html: escapeHtml(String(cell)), numeric: false };
}

function figureLabel(index: number, caption: string | undefined): string {
  return `Figure ${index + 1}${caption ? `. ${caption}` : ''}`;
}

export function renderPage(model: PageModel): string {
  const toc: string[] = [];
  const body: string[] = [];
  let section = 0;
  let open = false;
  let tocFigures: string[] = [];
  const closeSection = () => {
    if (!open) return;
    body.push('</section>');
    if (tocFigures.length > 0) toc[toc.length - 1] = toc[toc.length - 1]!.replace(/<\/li>$/, `<ol>${tocFigures.join('')}</ol></li>`);
    tocFigures = [];
    open = false;
  };
  const openSection = (title: string | undefined) => {
    closeSection();
    section++;
    const id = `section-${section}`;
    body.push(`<section id="${id}">`);
    if (title !== undefined) body.push(`<h2>${section}. ${escapeHtml(title)}</h2>`);
    toc.push(`<li><a href="#${id}">${title === undefined ? 'Introduction' : escapeHtml(title)}</a></li>`);
    open = true;
  };

  for (const block of model.blocks) {
    if (block.kind === 'section') {
      openSection(block.title);
      continue;
    }
    if (!open) openSection(undefined);
    if (block.kind === 'text') {
      body.push(block.format === 'markdown' ? markdownToHtml(block.text) : plainToHtml(block.text));
    } else if (block.kind === 'table') {
      const head = block.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
      const rows = block.rows
        .map(
          (row) =>
            `<tr>${row
              .map((cell) => {
                const { html, numeric } = formatCell(cell, block.digits);
                return numeric ? `<td class="num">${html}</td>` : `<td>${html}</td>`;
              })
              .join('')}</tr>`,
        )
        .join('\n');
      const caption = block.caption === undefined ? '' : `<caption>${escapeHtml(block.caption)}</caption>`;
      body.push(`<table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`);
    } else {
      const id = `figure-${block.index + 1}`;
      const label = escapeHtml(figureLabel(block.index, block.caption));
      const links = model.links[block.index]!;
      body.push(
        `<figure id="${id}"><div class="view" data-figure="${block.index}"></div>` +
          `<noscript><img src="${escapeHtml(links.png)}" alt="${label}"></noscript>` +
          `<figcaption>${label} — <a href="${escapeHtml(links.svg)}">SVG</a> · <a href="${escapeHtml(links.png)}">PNG</a> · <a href="${escapeHtml(links.spec)}">Vega-Lite spec</a></figcaption></figure>`,
      );
      tocFigures.push(`<li><a href="#${id}">${label}</a></li>`);
    }
  }
  closeSection();

  const specs = model.blocks.flatMap((b) => (b.kind === 'figure' ? [b.spec] : []));
  const title = escapeHtml(model.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="thunder-connect viz">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${model.scripts.map((s) => `<script data-lib="${escapeHtml(s.name)}">${scriptForHtml(s.source)}</script>`).join('\n')}
</head>
<body>
<header><h1>${title}</h1><p class="meta">Generated ${escapeHtml(model.generated)} · ${specs.length} figure${specs.length === 1 ? '' : 's'}</p></header>
<nav aria-label="Contents"><h2>Contents</h2><ol>${toc.join('')}</ol></nav>
<main>
${body.join('\n')}
</main>
<script type="application/json" id="report-specs">${jsonForScript(specs)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
