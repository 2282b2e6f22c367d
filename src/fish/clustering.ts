/** Notebook section 3.3c–e, Q10–Q15: the K sweep, the elbow, the best model's centres and the brain map of its labels. */
import type { NDArray } from '../common/ndarray.js';
import { KMeans, PCA, type Series, type SweepResult } from '../thunder/index.js';
import { elbow, image, lines, optimizeColors, scatter2d, scatter3d, type Rgb, grid } from '../viz/index.js';
import { centredRows, colorPlanes, maxOf } from './arrays.js';
import { CHART_HEIGHT, CHART_WIDTH, PLANE_WIDTH, type JobContext } from './context.js';
import { SECTION_TITLES } from './report.js';
import type { SeriesData } from './series.js';

/** What the notebook printed for the sweep on all voxels (scikit-learn KMeans), by K. */
export const NOTEBOOK_ERRORS: Readonly<Record<number, { error1: number; error2: number }>> = {
  5: { error1: 532.18770541, error2: 0.00022349145880541982 },
  10: { error1: 424.96079487, error2: 0.00019419607173261889 },
  15: { error1: 390.84857575, error2: 0.00019010733737829505 },
  20: { error1: 367.47169278, error2: 0.00018341018848375219 },
  30: { error1: 336.88764199, error2: 0.00017280730252757808 },
  50: { error1: 308.23861245, error2: 0.00016793742771217181 },
  100: { error1: 275.52417271, error2: 0.00015773151445360581 },
  200: { error1: 242.21174666, error2: 0.00015121480863341662 },
};

const CHART = { width: CHART_WIDTH, height: CHART_HEIGHT } as const;

/** Fits one K-means model per K, concurrently, with a log line as each one is scored. */
export async function sweepKs(ctx: JobContext, series: Series, label: string): Promise<SweepResult[]> {
  const { options, steps } = ctx;
  return steps.step(label, () =>
    KMeans.sweep(series, {
      ks: options.ks,
      seed: options.seed,
      onProgress: (e) => {
        if (e.phase === 'scored') steps.log(`    K = ${e.k} fitted and scored (${e.done}/${e.total})`);
      },
    }),
  );
}

/** The swept model with the chosen K. */
export function chosen(results: readonly SweepResult[], k: number): SweepResult {
  const r = results.find((x) => x.k === k);
  if (!r) throw new Error(`no model with K = ${k} in the sweep`);
  return r;
}

export function elbowFigure(results: readonly SweepResult[], title: string) {
  return elbow(
    results.map((r) => r.k),
    {
      series: [
        { name: 'error 1 (distance)', values: results.map((r) => r.error1), color: '#000000' },
        { name: 'error 2 (1 / similarity)', values: results.map((r) => r.error2), color: '#1f3fbf', dashed: true },
      ],
      xLabel: 'k',
      yLabel: 'error / sum over k',
      title,
      ...CHART,
    },
  );
}

export function tracesFigure(centers: NDArray, colors: readonly Rgb[] | undefined, title: string) {
  return lines(centers, { xLabel: 'picture number', yLabel: 'normalized value', strokeWidth: 2, title, legend: false, ...(colors ? { colors } : {}), ...CHART });
}

/** Per-K scores as a report table (with the notebook's where it printed them). */
export function errorTable(ctx: JobContext, results: readonly SweepResult[], caption: string, notebook?: typeof NOTEBOOK_ERRORS): void {
  const columns = notebook ? ['K', 'error 1 (ours)', 'error 1 (notebook)', 'error 2 (ours)', 'error 2 (notebook)', 'MLlib training cost'] : ['K', 'error 1', 'error 2', 'MLlib training cost'];
  ctx.report.table(
    columns,
    results.map((r) => (notebook ? [r.k, r.error1, notebook[r.k]?.error1 ?? '', r.error2, notebook[r.k]?.error2 ?? '', r.trainingCost] : [r.k, r.error1, r.error2, r.trainingCost])),
    { caption },
  );
}

/** The K-means labels of every voxel ([2, 76, 87]) for the chosen K, and their colours. */
export interface Clustered {
  readonly labels: NDArray;
  readonly colors: Rgb[];
}

/** Frees a sweep's models on the server (the session would at its end; a long job should not wait). */
export async function disposeAll(results: readonly SweepResult[]): Promise<void> {
  await Promise.allSettled(results.map((r) => r.model.dispose()));
}

export async function clusterVoxels(ctx: JobContext, sd: SeriesData): Promise<Clustered> {
  const { report, summary, steps, options } = ctx;
  const { data } = sd;
  report.section(SECTION_TITLES[3]);
  report.text(
    'Q10: voxels are clustered by the shape of their normalized time series, for K = ' +
      `${options.ks.join(', ')}. The notebook fitted the models one after another with scikit-learn on the driver; ` +
      'here every K is fitted at the same time by MLlib inside Spark (Q10b), and both error measures are computed there too: ' +
      'nothing but the centres and the sums comes back.',
  );
  const results = await sweepKs(ctx, data, `Q10  K-means for ${options.ks.length} values of K, concurrently`);
  try {
    return await reportSweep(ctx, sd, results);
  } finally {
    await disposeAll(results);
  }
}

async function reportSweep(ctx: JobContext, sd: SeriesData, results: readonly SweepResult[]): Promise<Clustered> {
  const { report, summary, steps, options } = ctx;
  const { data } = sd;
  for (const r of results) {
    const nb = NOTEBOOK_ERRORS[r.k];
    if (!nb) continue;
    summary.add('Q11', `error 1 (Σ distance), K = ${r.k}`, nb.error1, r.error1);
  }
  for (const r of results) {
    const nb = NOTEBOOK_ERRORS[r.k];
    if (nb) summary.add('Q12', `error 2 (1 / Σ similarity), K = ${r.k}`, nb.error2, r.error2);
  }
  errorTable(ctx, results, 'Q11–Q12: error 1 = Σ over voxels of the Euclidean distance to their centre; error 2 = 1 / Σ of the correlation of each voxel with its centre.', NOTEBOOK_ERRORS);

  report.text(
    'Q13: both errors drop quickly up to K ≈ 20–30, then slowly: more clusters keep lowering an error measured on the training data (at K = N it would be 0) ' +
      `without explaining much more. The notebook chose K = 30, at the bend; this report looks at K = ${options.k}.`,
  );
  report.figure(elbowFigure(results, 'error of the models against k'), { caption: 'Q13: both errors against K, each divided by its sum over K.' });

  const best = chosen(results, options.k);
  const centers = best.model.centers;
  report.text(
    `Q14: each centre is the average normalized time series of its voxels. The centres share the slow dip and recovery of the recording ` +
      `and differ in how strongly and when their voxels respond (from flat to ${Math.round(100 * maxOf(centers.data))} % above baseline); in default colours they are hard to tell apart, ` +
      'so the notebook projects them to 3 and 2 dimensions with PCA.',
  );
  report.figure(tracesFigure(centers, undefined, `the ${options.k} centres (default colours)`), { caption: `Q14: the ${options.k} cluster centres of the best model.` });

  const colors = optimizeColors(centers, { seed: options.seed });
  // The centres are a small K × T array already on the driver: fitted here, as the notebook's MLlib PCA on a parallelized copy would.
  const [p3, p2] = await Promise.all([new PCA({ k: 3 }).fit(centers), new PCA({ k: 2 }).fit(centers)]);
  // MLlib's transform does not centre; centring only moves the cloud to the middle of the 3-D view.
  const centred = centredRows(centers);
  const ids = Array.from({ length: best.k }, (_, i) => i);
  report.figure(scatter3d(p3.transform(centred), { labels: ids, colors, xLabel: 'PC 1', yLabel: 'PC 2', zLabel: 'PC 3', title: 'centres, PCA dim = 3', width: 480, height: 400 }), {
    caption: `Q14: the centres on their first 3 principal components (${share(p3.explainedVariance)} of their variance), one point per cluster in its Q15 colour; the sliders turn the view.`,
  });
  report.figure(scatter2d(p2.transform(centred), { labels: ids, colors, xLabel: 'PC 1', yLabel: 'PC 2', title: 'centres, PCA dim = 2', size: 80, ...CHART }), {
    caption: `Q14: the centres on their first 2 principal components (${share(p2.explainedVariance)} of their variance).`,
  });

  const labels = await steps.step(`Q15  predict the cluster of every voxel (K = ${options.k})`, async () => (await best.model.predict(data).toArray()).reshape([2, 76, 87]));
  report.text(
    'In both projections the clusters form a dense group of near-silent centres and a few far-out ones: the strongly responding voxel populations. ' +
      'Clusters close together behave alike.',
  );
  report.text(
    'Q15: mapped back onto the brain, the label numbers are arbitrary, so in grey neighbouring levels mean nothing. ' +
      'optimize_color instead picks colours whose differences mirror those of the centres (their pairwise cosine distances correlate), so similar colours mean similar behaviour.',
  );
  report.figure(image(labels.at(0), { cmap: 'gray', interpolation: 'nearest', width: PLANE_WIDTH, title: 'cluster labels, plane 0' }), {
    caption: 'Q15: the cluster of every voxel of plane 0 in draw_image’s default grey scale.',
  });
  report.figure(tracesFigure(centers, colors, `the ${options.k} centres in optimized colours`), { caption: 'Q15: the centres in colours optimized for their similarities.' });
  report.figure(
    grid(
      [
        ...colorPlanes(labels, colors).map((rgb, p) => image(rgb, { interpolation: 'nearest', width: PLANE_WIDTH, title: `plane ${p}` })),
      ],
      { columns: 2 },
    ),
    {
      caption: 'Q15: the cluster of every voxel in those colours, planes 0 and 1. The background is one large cluster; its noise also fills a few of its own.',
    },
  );
  return { labels, colors };
}

function share(explained: Float64Array): string {
  return `${Math.round(100 * explained.reduce((a, b) => a + b, 0))} %`;
}
