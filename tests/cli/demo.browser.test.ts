/**
 * The demo end to end against the test server: the zebrafish notebook runs on
 * Spark, its printed numbers come out as the notebook printed them, and the
 * written report opens in a real headless Chromium (tests/helpers/chromium.ts:
 * a system Chromium or the one an npm package ships; no downloads) with every
 * figure drawn, nothing fetched from the network and a clean console.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import type { JobResult } from '../../src/fish/job.js';
import { parseDemoArgs } from '../../src/cli/commands.js';
import { openReport } from '../helpers/chromium.js';

/** Every notebook question that prints numbers or draws a figure. */
const QUESTIONS = Array.from({ length: 21 }, (_, i) => `Q${i + 1}`);

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cell(result: JobResult, where: string, what: string | RegExp) {
  const row = result.summary.rows.find((r) => r.where === where && (typeof what === 'string' ? r.what === what : what.test(r.what)));
  expect(row, `${where} ${String(what)} in the summary`).toBeDefined();
  return row!.ours;
}

describe('npm run demo', () => {
  it('runs the notebook on Spark and writes a report that renders offline in Chromium', { timeout: 30 * 60_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'demo-report-'));
    scratch.push(out);
    const printed: string[] = [];
    const options = parseDemoArgs(['--remote', inject('sparkRemote'), '--out', join(out, 'fish')]);
    const result = await runDemo(options, { out: { write: (s: string) => printed.push(s) } });

    expect(result.failures).toEqual([]);
    // The notebook's printed numbers (In [1], In [2], Q3, Q4, In [9]–[18], Q17).
    expect(cell(result, 'In [1]', 'number of images')).toBe(20);
    expect(cell(result, 'In [2]', 'shape of the data')).toBe('(20, 2, 76, 87)');
    expect(cell(result, 'Q3', 'shape after subsampling')).toBe('(20, 2, 16, 18)');
    expect(cell(result, 'Q4', 'shape of the series')).toBe('(2, 76, 87, 20)');
    expect(cell(result, 'In [9]', 'value 10th of voxel (0,0,0)')).toBe(25);
    expect(cell(result, 'In [10]', 'between(0, 8).first()')).toBe('[26 26 26 26 26 26 26 25]');
    expect(cell(result, 'In [11]', 'select(3 < x < 8).first()')).toBe('[26 26 26 25]');
    expect(cell(result, 'In [13]', 'max std of the raw series')).toBeCloseTo(20.80931282, 7);
    expect(cell(result, 'In [18]', 'length of means')).toBe(13224);
    expect(cell(result, 'In [18]', 'mean of the first series')).toBeCloseTo(25.8, 10);
    expect(cell(result, 'In [22]', 'corr(first series, itself)')).toBeCloseTo(1, 10);
    expect(cell(result, 'In [28]', 'average std of the background')).toBeCloseTo(0.000304580735977, 12);
    expect(cell(result, 'Q17', /^voxels kept/)).toBe('(5898, 20)');
    // K-means errors: another implementation and start than the notebook's scikit-learn, so close, not equal.
    const notebookError1: Record<number, number> = { 5: 532.18770541, 30: 336.88764199, 200: 242.21174666 };
    for (const [k, e] of Object.entries(notebookError1)) {
      const ours = cell(result, 'Q11', `error 1 (Σ distance), K = ${k}`) as number;
      expect(Math.abs(ours - e) / e, `error 1 at K = ${k}: ${ours} vs the notebook's ${e}`).toBeLessThan(0.1);
    }
    const text = printed.join('');
    expect(text).toContain(`Report: ${result.files.index}`);
    expect(text).toMatch(/where\s+quantity\s+notebook\s+thunder-connect\s+difference/);

    const opened = await openReport(result.files.index, { renderTimeoutMs: 120_000 });
    try {
      const { page } = opened;
      const state = await page.evaluate<{ rendered: number; errors: string[]; views: number; figures: number; sections: number; text: string }>(`({
        rendered: window.__rendered,
        errors: window.__renderErrors,
        views: document.querySelectorAll('.vega-embed svg.marks').length,
        figures: document.querySelectorAll('figure').length,
        sections: document.querySelectorAll('main h2').length,
        text: document.body.innerText,
      })`);
      expect(state.errors).toEqual([]);
      expect(state.figures).toBe(result.files.figureCount);
      expect(state.rendered).toBe(result.files.figureCount);
      expect(state.views).toBe(result.files.figureCount);
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.requests.length).toBeGreaterThan(0);
      expect(opened.networkRequests()).toEqual([]);
      // Images, series, clustering, noise removal, validation, mixtures, and the table of numbers.
      expect(state.sections).toBe(8);
      for (const q of QUESTIONS) expect(state.text, `${q} in the report`).toMatch(new RegExp(`\\b${q}\\b`));
      expect(state.text).toContain('5898');

      await opened.screenshot('demo-report.png');
      // One screen around Q19's brain maps (the README's picture of the report).
      await page.setViewportSize({ width: 1100, height: 820 });
      await page.evaluate(`(() => {
        const figure = [...document.querySelectorAll('figure')].find((f) => f.textContent.includes('Q19b'));
        window.scrollTo(0, figure.getBoundingClientRect().top + window.scrollY - 95);
      })()`);
      await opened.screenshot('demo-report-q19.png', false);
    } finally {
      await opened.close();
    }
  });
});
