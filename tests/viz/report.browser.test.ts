/**
 * The written report in a real headless Chromium (tests/helpers/chromium.ts):
 * every figure renders, nothing is fetched from the network, and the console
 * stays clean. Browser tests run in the `spark` project, one file at a time, so
 * that the bundled Chromium is unpacked by one process only (this file needs no
 * Spark itself).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NDArray } from '../../src/common/ndarray.js';
import { Report, elbow, histogram, image, labelMap, lines, masks, optimizeColors, scatter2d, scatter3d, tile } from '../../src/viz/index.js';
import { openReport } from '../helpers/chromium.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fishLikeReport(): Report {
  const rows = 76;
  const cols = 87;
  const layer = Float64Array.from({ length: rows * cols }, (_, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    return 26 + 10 * Math.exp(-((r - 38) ** 2 + (c - 43) ** 2) / 400) + Math.sin(i);
  });
  layer[17] = NaN;
  const volume = new NDArray(new Float64Array([...layer, ...layer.map((v) => v * 0.8)]), [2, rows, cols]);
  const series = Array.from({ length: 12 }, (_, s) => Array.from({ length: 20 }, (_, t) => Math.sin(t / 3 + s) * (1 + s / 10)));
  const centers = Array.from({ length: 6 }, (_, k) => Array.from({ length: 20 }, (_, t) => Math.cos(t / (k + 2)) + 1.5));
  const colors = optimizeColors(centers, { seed: 2 });
  const labels = new NDArray(Float64Array.from({ length: rows * cols }, (_, i) => (Math.floor(i / cols / 13) + (i % cols > 43 ? 1 : 0)) % 6), [rows, cols]);
  const similarity = new NDArray(Float64Array.from(layer, (v) => (Number.isFinite(v) ? (v - 25) / 12 : 0)), [rows, cols]);
  const std = new NDArray(Float64Array.from(layer, (v) => v / 1000), [rows, cols]);

  return new Report('Zebrafish </script><b>report</b>')
    .text('Figures of the Thunder notebook, drawn from synthetic arrays.')
    .section('Images')
    .figure(image(volume.at(0), { title: 'Layer 0', cmap: 'gray' }), { caption: 'Layer 0, nearest' })
    .figure(image(volume.at(0), { title: 'Layer 0 bicubic', cmap: 'viridis', interpolation: 'bicubic' }), { caption: 'Smooth' })
    .figure(image([[1, 2, 3], [4, 5, 6]], { cmap: 'hot', title: 'small' }), { caption: 'Rect marks' })
    .figure(tile(volume, { cmap: 'greys' }), { caption: 'All planes' })
    .section('Series')
    .figure(lines(series, { xLabel: 'picture number', yLabel: 'value' }), { caption: 'Series' })
    .figure(histogram(layer, { bins: 19, kde: true, xLabel: 'value' }), { caption: 'Histogram' })
    .figure(elbow([5, 10, 15, 20], { series: [{ name: 'error 1', values: [4, 3, 2, 1.5] }, { name: 'error 2', values: [2, 1.8, 1.7, 1.65], dashed: true }] }), {
      caption: 'Elbow',
    })
    .section('Clusters')
    .figure(lines(centers, { colors, title: 'centres' }), { caption: 'Centres' })
    .figure(scatter2d(centers.map((c) => [c[0]!, c[1]!]), { labels: [0, 1, 2, 3, 4, 5], colors }), { caption: 'PCA 2-D' })
    .figure(scatter3d(centers.map((c) => [c[0]!, c[1]!, c[2]!]), { labels: [0, 1, 2, 3, 4, 5], colors }), { caption: 'PCA 3-D' })
    .figure(labelMap(labels, colors, { mask: similarity, title: 'brain map' }), { caption: 'Label map' })
    .figure(masks(std, [0.026, 0.028, 0.03, 0.032]), { caption: 'Masks' });
}

describe('report in headless Chromium', () => {
  it('renders every figure offline with a clean console', async () => {
    const out = mkdtempSync(join(tmpdir(), 'viz-browser-'));
    scratch.push(out);
    const report = fishLikeReport();
    const files = await report.write(join(out, 'report'));
    expect(files.figureCount).toBe(12);

    const opened = await openReport(files.index);
    try {
      const { page } = opened;
      const state = await page.evaluate<{ rendered: number; errors: string[]; views: number; title: string; injected: number }>(`({
        rendered: window.__rendered,
        errors: window.__renderErrors,
        views: document.querySelectorAll('.vega-embed svg.marks').length,
        title: document.title,
        injected: document.querySelectorAll('h1 b, title b').length,
      })`);
      expect(state.errors).toEqual([]);
      expect(state.rendered).toBe(files.figureCount);
      expect(state.views).toBe(files.figureCount);
      expect(state.title).toBe('Zebrafish </script><b>report</b>');
      expect(state.injected).toBe(0);
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.requests.length).toBeGreaterThan(0);
      expect(opened.networkRequests()).toEqual([]);

      // The 3-D view rotates with its slider.
      // Waits for the redraw itself (the marks differ from before), bounded only by the test timeout.
      await page.evaluate(`window.__marksBefore = document.querySelector('#figure-10 svg.marks').innerHTML`);
      await page.locator('#figure-10 input[type="range"]').first().fill('40');
      await page.waitForFunction(`document.querySelector('#figure-10 svg.marks').innerHTML !== window.__marksBefore`, undefined, { timeout: 0 });

      await opened.screenshot('viz-report.png');
    } finally {
      await opened.close();
    }
  });
});
