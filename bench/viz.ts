/**
 * Timings of the viz layer (no thresholds): a 1000×1000 image to a spec
 * with its PNG, its headless SVG and PNG copies, and a ~30-figure report.
 *
 *   npx tsx bench/viz.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NDArray } from '../src/common/ndarray.js';
import { Report, elbow, histogram, image, labelMap, lines, masks, optimizeColors, scatter2d, scatter3d, tile } from '../src/viz/index.js';
import { compileSpec, renderSvg, svgToPng } from '../src/viz/render.js';

function ms(start: number): string {
  return `${(performance.now() - start).toFixed(1)} ms`;
}

function field(rows: number, cols: number, phase = 0): NDArray<Float64Array> {
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = Math.sin(r / 37 + phase) * Math.cos(c / 23) + 0.1 * Math.sin(r * c);
  }
  return new NDArray(data, [rows, cols]);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}`);

  // Warm-up so module loading and JIT are not counted.
  await renderSvg(compileSpec(image(field(50, 50), { render: 'png' }), 'warmup'));

  const big = field(1000, 1000);
  for (const cmap of ['gray', 'viridis']) {
    let t = performance.now();
    const spec = image(big, { cmap, title: `1000×1000 ${cmap}` });
    const specTime = ms(t);
    const json = JSON.stringify(spec).length;
    t = performance.now();
    const svg = await renderSvg(compileSpec(spec, 'bench'));
    const svgTime = ms(t);
    t = performance.now();
    const png = svgToPng(svg, 2);
    const pngTime = ms(t);
    console.log(
      `image 1000×1000 ${cmap.padEnd(7)}: spec+PNG ${specTime} (spec ${(json / 1e6).toFixed(2)} MB) | headless SVG ${svgTime} | resvg PNG ×2 ${pngTime} (${(png.length / 1e6).toFixed(2)} MB)`,
    );
  }
  let t = performance.now();
  image(big, { interpolation: 'smooth' });
  console.log(`image 1000×1000 smooth (no upscaling): spec+PNG ${ms(t)}`);

  // A report the size of the notebook: ~30 figures of every kind.
  t = performance.now();
  const layer = field(76, 87);
  const volume = new NDArray(new Float64Array([...layer.data, ...field(76, 87, 1).data]), [2, 76, 87]);
  const series = Array.from({ length: 50 }, (_, s) => Array.from({ length: 20 }, (_, i) => Math.sin(i / 3 + s) * (1 + s / 20)));
  const centers = Array.from({ length: 30 }, (_, k) => Array.from({ length: 20 }, (_, i) => Math.cos(i / (k + 2)) + 1.5 + k / 30));
  const colors = optimizeColors(centers, { seed: 1 });
  const colorTime = ms(t);
  const labels = new NDArray(Float64Array.from(layer.data, (v, i) => (Math.floor(Math.abs(v) * 29) + (i % 2)) % 30), [76, 87]);
  const report = new Report('Benchmark report').text('Thirty figures of every kind.');
  t = performance.now();
  for (let q = 0; q < 3; q++) {
    report
      .section(`Round ${q + 1}`)
      .figure(image(layer, { cmap: 'gray', title: 'layer' }))
      .figure(image(layer, { cmap: 'viridis', interpolation: 'bicubic' }))
      .figure(tile(volume, { cmap: 'hot' }))
      .figure(lines(series, { xLabel: 'time', yLabel: 'value' }))
      .figure(histogram(layer.data, { bins: 19, kde: true }))
      .figure(elbow([5, 10, 15, 20, 30, 50, 100, 200], { series: [{ name: 'e1', values: [8, 7, 6, 5, 4, 3, 2, 1] }, { name: 'e2', values: [5, 4, 4, 3, 3, 3, 2, 2] }] }))
      .figure(lines(centers, { colors }))
      .figure(scatter2d(centers.map((c) => [c[0]!, c[5]!]), { labels: centers.map((_, i) => i), colors }))
      .figure(scatter3d(centers.map((c) => [c[0]!, c[5]!, c[10]!]), { labels: centers.map((_, i) => i), colors }))
      .figure(labelMap(labels, colors, { mask: new NDArray(layer.data.map(Math.abs), [76, 87]) }))
      .figure(masks(layer, [0, 0.25, 0.5, 0.75]));
  }
  const buildTime = ms(t);
  const dir = mkdtempSync(join(tmpdir(), 'viz-bench-'));
  try {
    t = performance.now();
    const files = await report.write(join(dir, 'report'));
    const writeTime = ms(t);
    const size = statSync(files.index).size;
    console.log(`optimizeColors K=30 (3 restarts): ${colorTime}`);
    console.log(`report: ${files.figureCount} figures built in ${buildTime}; write (SVG + PNG ×2 + HTML) ${writeTime}; index.html ${(size / 1e6).toFixed(2)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
