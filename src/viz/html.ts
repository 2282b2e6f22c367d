/**
 * HTML text for reports. Every user string passes through `escapeHtml` (or
 * `markdownToHtml`, which escapes first); JSON placed in a script element
 * passes through `jsonForScript`, so no title or caption can end the element.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON safe inside `<script>`: `<`, `>` and `&` as \u escapes (so `</script>`
 * and `<!--` cannot appear), and the two line separators JavaScript once
 * rejected in string literals.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Inline JavaScript cannot contain `</script`; the UMD builds do not, but a future version might. */
export function scriptForHtml(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script');
}

/** Link targets we render as links; anything with another scheme (javascript:, data:) stays text. */
function safeUrl(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return scheme === null ? true : ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase());
}

/** `code`, **bold**, *italic* and [text](url) on one escaped line of text. */
function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) => (safeUrl(url) ? `<a href="${url}">${label}</a>` : whole))
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/\*([^*\s][^*]*)\*/g, '<em>$1</em>');
    })
    .join('');
}

/**
 * Markdown-lite: blank lines separate blocks; a block is a heading (`#`, `##`,
 * `###`), a bullet list (every line `- ` or `* `), a numbered list (`1. `) or
 * a paragraph. Inline: `code`, **bold**, *italic*, [links](https://…). Raw HTML
 * is escaped, never passed through.
 */
export function markdownToHtml(source: string): string {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const heading = lines.length === 1 ? /^(#{1,3})\s+(.*)$/.exec(lines[0]!.trim()) : null;
      if (heading) {
        const level = heading[1]!.length + 2;
        return `<h${level}>${inline(heading[2]!)}</h${level}>`;
      }
      if (lines.every((l) => /^\s*[-*]\s+/.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
      return `<p>${inline(lines.map((l) => l.trim()).join(' '))}</p>`;
    })
    .join('\n');
}

/** Plain text: paragraphs split on blank lines, everything escaped. */
export function plainToHtml(source: string): string {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');
}
