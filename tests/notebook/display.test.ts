/** The notebook adapter without a kernel: MIME bundles, and progress bars sent to a recording channel. */
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { NDArray } from '../../src/common/ndarray.js';
import type { ProgressEvent } from '../../src/connect/index.js';
import { figureBundle, mimeBundle, summaryLine, vegaLiteMimeType, type DisplayChannel, type DisplayOptions, type MimeBundle } from '../../src/notebook/display.js';
import { NotebookProgress } from '../../src/notebook/progress.js';
import { images } from '../../src/thunder/index.js';
import { image } from '../../src/viz/index.js';

function recorder(): { channel: DisplayChannel; shown: { bundle: MimeBundle; options: DisplayOptions }[] } {
  const shown: { bundle: MimeBundle; options: DisplayOptions }[] = [];
  return { shown, channel: { display: (bundle, options = {}) => (shown.push({ bundle, options }), Promise.resolve()) } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MIME bundles', () => {
  it('gives a Vega-Lite 6 spec its MIME type and a PNG of the figure', async () => {
    const spec = image(new NDArray(Float64Array.from([0, 1, 2, 3, 4, 5]), [2, 3]), { width: 90, title: 'six values' });
    expect(vegaLiteMimeType(spec)).toBe('application/vnd.vegalite.v6+json');
    const bundle = await figureBundle(spec);
    expect(bundle['application/vnd.vegalite.v6+json']).toBe(spec);
    const png = decode(Buffer.from(String(bundle['image/png']), 'base64'));
    // The plot is 90 px wide; title, padding and colour bar only add to it.
    expect(png.width).toBeGreaterThanOrEqual(90);
    expect(png.height).toBeGreaterThan(0);
    expect(bundle['text/plain']).toBe('<figure: six values>');
  });

  it('rejects a spec without a Vega-Lite schema, naming it', async () => {
    expect(() => vegaLiteMimeType({ mark: 'point' } as never)).toThrow(InvalidArgumentError);
    expect(() => vegaLiteMimeType({ mark: 'point' } as never)).toThrow(/spec\.\$schema/);
    await expect(figureBundle({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', mark: 'point' } as never, { pngScale: 0 })).rejects.toThrow(/pngScale/);
  });

  it('summarizes Images, Series and NDArray by mode, shape and dtype', async () => {
    const imgs = await images.fromExample('fish');
    // The notebook's In [2]: (20, 2, 76, 87) uint8 images; toSeries gives 2·76·87 = 13224 series of 20 values.
    expect(summaryLine(imgs)).toBe('Images  mode: local, shape: [20, 2, 76, 87], dtype: uint8  (20 images of [2, 76, 87])');
    expect(summaryLine(imgs.toSeries())).toBe('Series  mode: local, shape: [2, 76, 87, 20], dtype: uint8  (13224 series of length 20)');
    expect(await mimeBundle(new NDArray(new Float32Array(6), [3, 2]))).toEqual({ 'text/plain': 'NDArray  shape: [3, 2], dtype: float32' });
    expect(summaryLine({})).toBeUndefined();
  });
});

describe('NotebookProgress', () => {
  function source() {
    let listener: ((e: ProgressEvent) => void) | undefined;
    return {
      onProgress(l: (e: ProgressEvent) => void) {
        listener = l;
        return () => (listener = undefined);
      },
      emit(completed: number) {
        listener?.({ operationId: 'op', numInflightTasks: 0, stages: [{ stageId: 0, numTasks: 4, numCompletedTasks: completed, inputBytesRead: 0, done: false }] });
      },
    };
  }

  it('draws one output, updates it while the step runs and closes it when the step ends', async () => {
    const { channel, shown } = recorder();
    const src = source();
    const progress = new NotebookProgress(src, { channel, redrawMs: 10 });
    const value = await progress.step('count the fish', async () => {
      src.emit(1);
      await sleep(40);
      src.emit(2);
      await sleep(40);
      return 42;
    });
    expect(value).toBe(42);
    const id = shown[0]!.options.id;
    expect(id).toBeTruthy();
    expect(shown[0]!.options.update ?? false).toBe(false);
    expect(shown.slice(1).every((s) => s.options.id === id && s.options.update === true)).toBe(true);
    // While running: 2 of the stage's 4 tasks were reported done at some point.
    expect(shown.some((s) => String(s.bundle['text/plain']).includes('2/4 tasks'))).toBe(true);
    expect(String(shown.at(-1)!.bundle['text/plain'])).toMatch(/^✓ count the fish \(.+, 4 Spark tasks\)$/);
    const n = shown.length;
    await sleep(50);
    expect(shown.length, 'no redraw after the step ended').toBe(n);
    progress.close();
  });

  it('marks a failed step and rethrows its error', async () => {
    const { channel, shown } = recorder();
    const progress = new NotebookProgress(undefined, { channel, redrawMs: 10 });
    await expect(progress.step('fail', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(String(shown.at(-1)!.bundle['text/plain'])).toMatch(/^✗ fail .*FAILED$/);
  });

  it('rejects unknown options and bad redraw periods', () => {
    expect(() => new NotebookProgress(undefined, { redraw: 5 } as never)).toThrow(/NotebookProgress\(options\.redraw\)/);
    expect(() => new NotebookProgress(undefined, { redrawMs: 0 })).toThrow(InvalidArgumentError);
  });
});
