import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError } from '../../src/common/errors.js';
import { Report, histogram, image, lines } from '../../src/viz/index.js';
import { expectInvalid } from './helpers.js';

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'viz-report-'));
  scratchDirs.push(dir);
  return dir;
}

function sampleReport(title = 'Zebrafish'): Report {
  return new Report(title)
    .text('Intro with **bold**, *italic*, `code` and a [link](https://example.org/a?b=1&c=2).')
    .section('Images')
    .figure(image([[0, 1], [2, 3]], { title: 'layer 0' }), { caption: 'First layer' })
    .section('Statistics')
    .table(['k', 'error'], [[5, 532.18770541], [10, 424.96]], { caption: 'Errors' })
    .figure(histogram([1, 2, 2, 3, 3, 3], { bins: 3 }), { caption: 'Histogram' });
}

describe('Report.write', () => {
  it('writes index.html plus an SVG, PNG and spec per figure, and returns the paths', async () => {
    const dir = join(scratch(), 'out');
    const files = await sampleReport().write(dir);
    expect(files.dir).toBe(dir);
    expect(files.index).toBe(join(dir, 'index.html'));
    expect(files.figureCount).toBe(2);
    expect(files.figures.map((f) => f.caption)).toEqual(['First layer', 'Histogram']);
    expect(readdirSync(join(dir, 'figures')).sort()).toEqual(
      ['figure-01.png', 'figure-01.svg', 'figure-01.vl.json', 'figure-02.png', 'figure-02.svg', 'figure-02.vl.json'].sort(),
    );
    for (const f of files.figures) {
      expect(readFileSync(f.svg, 'utf8').startsWith('<svg')).toBe(true);
      const png = decode(readFileSync(f.png));
      expect(png.width).toBeGreaterThan(100);
      // The spec file is the figure as built: no fields added by rendering.
      const spec = JSON.parse(readFileSync(f.spec, 'utf8')) as { $schema: string };
      expect(spec.$schema).toContain('vega-lite/v6');
    }
    const spec1 = JSON.parse(readFileSync(files.figures[1]!.spec, 'utf8'));
    expect(spec1).toEqual(JSON.parse(JSON.stringify(histogram([1, 2, 2, 3, 3, 3], { bins: 3 }))));
    expect(statSync(dir).mode & 0o777).toBe(0o755);
  });

  it('inlines vega, vega-lite and vega-embed and references nothing on the network', async () => {
    const html = sampleReport().toHtml();
    for (const lib of ['vega', 'vega-lite', 'vega-embed']) expect(html).toContain(`<script data-lib="${lib}">`);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
    expect(html).not.toMatch(/<img[^>]+src="https?:/);
    // Table of contents: introduction, two sections, and figure entries.
    expect(html).toContain('<a href="#section-2">Images</a>');
    expect(html).toContain('<a href="#figure-2">Figure 2. Histogram</a>');
    // Table cells: numbers right-aligned with 6 significant digits.
    expect(html).toContain('<td class="num">532.188</td>');
    // Markdown-lite.
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>italic</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2">link</a>');
  });

  it('escapes every user string: a title with </script><b> cannot inject markup', async () => {
    const evil = 'Fish </script><b>bold</b> & "quotes"';
    const report = new Report(evil)
      .section(evil)
      .text(`<img src=x onerror=alert(1)> [click](javascript:alert(1))`)
      .text('<i>plain</i>', { format: 'plain' })
      .table([evil], [[evil]], { caption: evil })
      .figure(lines([[1, 2]], { title: evil }), { caption: evil });
    const html = report.toHtml();
    expect(html).not.toContain('</script><b>');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<i>plain</i>');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<title>Fish &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;</title>');
    // JSON in the script element carries < and > as \u escapes.
    expect(html).toContain('Fish \\u003c/script\\u003e\\u003cb\\u003ebold');
    // Only our own script elements close: 3 libraries, the specs, the boot script.
    expect(html.match(/<\/script>/g)).toHaveLength(5);
    const dir = join(scratch(), 'evil');
    await report.write(dir);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).not.toContain('</script><b>');
  });

  it('replaces an earlier report atomically and keeps no temporary directories', async () => {
    const root = scratch();
    const dir = join(root, 'report');
    await sampleReport('first').write(dir);
    const files = await new Report('second').figure(image([[1]])).write(dir);
    expect(files.figureCount).toBe(1);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('<title>second</title>');
    expect(existsSync(join(dir, 'figures', 'figure-02.svg'))).toBe(false);
    expect(readdirSync(root)).toEqual(['report']);
  });

  it('fails with a typed error and writes nothing when the parent is a regular file', async () => {
    const root = scratch();
    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    const target = join(file, 'report');
    const err = await sampleReport().write(target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).path).toBe(target);
    expect((err as Error).message).toMatch(/cannot write the report/);
    expect((err as Error).message).toMatch(/ENOTDIR|EEXIST/);
    expect(readdirSync(root)).toEqual(['not-a-dir']);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('refuses to replace a directory that is not a report, or a file', async () => {
    const root = scratch();
    const mine = join(root, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.tex'), 'precious');
    const err = await sampleReport().write(mine).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toMatch(/not a report/);
    expect(readdirSync(mine)).toEqual(['thesis.tex']);
    const file = join(root, 'file.html');
    writeFileSync(file, 'x');
    await expect(sampleReport().write(file)).rejects.toBeInstanceOf(DataFormatError);
    expect(readdirSync(root).sort()).toEqual(['file.html', 'mine']);
  });

  it('rejects bad arguments with typed errors', async () => {
    expectInvalid(() => new Report(''), 'Report(title)');
    expectInvalid(() => new Report('t').table(['a', 'b'], [[1, 2], [3]]), 'table(rows[1])');
    expectInvalid(() => new Report('t').table([], []), 'table(columns)');
    expectInvalid(() => new Report('t').figure({ mark: 'nope' } as never), 'figure(spec)');
    expectInvalid(() => new Report('t').text('x', { format: 'html' as 'plain' }), 'text(options.format)');
    await expect(new Report('t').write('')).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
