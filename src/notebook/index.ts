/**
 * thunder-connect/notebook: the package in a Jupyter notebook (Deno's kernel;
 * `npm run notebook:setup` installs it). Rich display of Images, Series,
 * NDArray, models, DataFrames and Vega-Lite figures (with a PNG fallback),
 * Spark progress bars in the running cell, and the zebrafish notebook's cells.
 *
 * ```ts
 * import { enableRichDisplay, show, NotebookProgress } from 'thunder-connect/notebook';
 * enableRichDisplay();                        // Images, Series, … display themselves as a cell's result
 * await show(image(plane, { cmap: 'gray' })); // Vega-Lite bundle + PNG
 * const progress = new NotebookProgress(spark);
 * await progress.step('count', () => imgs.count());   // a bar while Spark runs it
 * ```
 */
export {
  DATAFRAME_ROWS,
  currentChannel,
  dataFrameBundle,
  enableRichDisplay,
  figureBundle,
  isVegaLiteSpec,
  kernelChannel,
  markdown,
  mimeBundle,
  settle,
  SETTLE_MS,
  show,
  summaryLine,
  useChannel,
  vegaLiteMimeType,
  type DisplayChannel,
  type DisplayOptions,
  type FigureBundleOptions,
  type MimeBundle,
} from './display.js';
export { NotebookProgress, progressBundle, type NotebookProgressOptions } from './progress.js';
export { FishSession, numbersBundle, showQuestion, tableBundle, type QuestionOutput } from './zebrafish.js';
