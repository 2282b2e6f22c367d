/** Notebook section 2.2 and 3.3b, Q5–Q9: the voxel time series, their statistics, and the noise level. */
import type { NDArray } from '../common/ndarray.js';
import type { Images, Series } from '../thunder/index.js';
import { fillNormal } from '../thunder/random.js';
import { histogram, histogramCounts, image, lines, grid, seriesDensity } from '../viz/index.js';
import { crop, histogramThreshold, maxOf, mean, minOf } from './arrays.js';
import { SECTION_TITLES } from './report.js';
import { CHART_HEIGHT, CHART_WIDTH, PLANE_WIDTH, type JobContext } from './context.js';
import { formatShape, formatVector } from './summary.js';

export interface SeriesData {
  /** Raw series, [2, 76, 87, 20] uint8, cached. */
  readonly series: Series;
  /** `normalize()`d series (baseline: 20th percentile), cached: what the clustering uses. */
  readonly data: Series;
  /** Std of each normalized series, [2, 76, 87]. */
  readonly stdMap: NDArray;
}

const CHART = { width: CHART_WIDTH, height: CHART_HEIGHT } as const;

/** A normalized value (a fraction of the baseline) as a percentage. */
function percent(fraction: number): string {
  return `${Math.round(100 * fraction)} %`;
}

async function sampleArray(s: Series, n: number, seed: number): Promise<NDArray> {
  const picked = await s.sample(n, seed);
  return (await picked.flatten().toArray()).reshape([await picked.count(), s.length]);
}

export async function exploreSeries(ctx: JobContext, imgs: Images): Promise<SeriesData> {
  const { report, summary, steps, options } = ctx;
  const seed = options.seed;
  report.section(SECTION_TITLES[1]);

  const series = imgs.toSeries().cache();
  const head = await steps.step('In [9]  toSeries, first records, selections', async () => {
    const first = await series.first();
    const firstEight = await series.between(0, 8).first();
    const selected = series.select((x) => typeof x === 'number' && x > 3 && x < 8);
    return { first, firstEight, selectedIndex: selected.index, selectedFirst: await selected.first() };
  });
  summary
    .add('In [9]', 'shape of series', '(2, 76, 87, 20)', formatShape(series.shape))
    .add('In [9]', 'values per series', 20, head.first.size)
    .add('In [9]', 'value 10th of voxel (0,0,0)', 25, head.first.data[10]!)
    .add('In [10]', 'shape of index', '(20,)', formatShape([series.index.length]))
    .add('In [10]', 'between(0, 8).first()', '[26 26 26 26 26 26 26 25]', formatVector(head.firstEight.data))
    .add('In [11]', 'select(3 < x < 8).index', '[4 5 6 7]', formatVector(head.selectedIndex as number[]))
    .add('In [11]', 'select(3 < x < 8).first()', '[26 26 26 25]', formatVector(head.selectedFirst.data));
  report.text(
    `Each record is one voxel: a key (its position in the 2 × 76 × 87 volume) and its ${series.length} values over time. ` +
      `The first voxel, in the corner of plane 0, reads ${formatVector(head.first.data)}: background, flat apart from noise of ±1.`,
  );

  const all = await steps.step('Q5  collect all 13,224 series', async () => series.flatten().toArray());
  report.text(
    'Q5 plots every series on one figure. 13,224 overlapping lines would hide each other (and make a drawing of 10 MB), so the figure counts them instead. ' +
      `Most voxels sit at 25–30: background and dim tissue. The bright ones, up to ${maxOf(all.data)}, are cells, and their values move over time.`,
  );
  report.figure(seriesDensity(all, { xLabel: 'picture number', yLabel: 'picture value', ...CHART }), {
    caption: 'Q5: the 20 values of all 13,224 voxels at once, as a density: colour counts the voxels taking each value at each picture (log scale).',
  });

  const stats = await steps.step('In [13]  largest standard deviation (raw values)', async () => (await series.map((v) => v.std()).max().first()).data[0]!);
  summary.add('In [13]', 'max std of the raw series', 20.80931282, stats);

  const q6 = await steps.step('Q6  30 random series with std > 1', async () => sampleArray(series.filter((v) => v.std().gt(1)), 30, seed));
  report.text('Q6: voxels whose values vary differ in level (how bright the cell is), and many rise and fall together — shared activity that the clustering will pick up.');
  report.figure(lines(q6, { xLabel: 'picture number', yLabel: 'picture value', strokeWidth: 2, ...CHART }), {
    caption: 'Q6: 30 random voxels with std > 1 (raw intensities), one line each.',
  });

  const centred = await steps.step('In [15]  50 centred series with std ≥ 10', async () => sampleArray(series.center().filter((v) => v.std().ge(10)), 50, seed));
  report.text('In [15]: center() subtracts each voxel’s mean, so voxels compare by their changes alone: several rise together around the same pictures.');
  report.figure(lines(centred, { xLabel: 'picture number', yLabel: 'picture value − its mean', ...CHART }), {
    caption: 'In [15]: 50 random voxels with std ≥ 10, centred.',
  });

  const meanNormalized = await steps.step("In [16]  50 series normalize('mean') with std ≥ 0.1", async () =>
    sampleArray(series.normalize('mean').filter((v) => v.std().ge(0.1)), 50, seed),
  );
  report.text(
    'In [16]: normalize(method="mean") divides each voxel’s change by its own mean level, giving relative changes (ΔF/F) in which dim and bright cells are comparable. ' +
      `These voxels move by up to ${percent(maxOf(meanNormalized.data.map(Math.abs)))} of their level, and most follow the same slow dip and recovery over the recording.`,
  );
  report.figure(lines(meanNormalized, { xLabel: 'picture number', yLabel: '(value − mean) / (mean + 0.1)', ...CHART }), {
    caption: 'In [16]: 50 random voxels with std ≥ 0.1 after normalize(method="mean").',
  });

  const data = series.normalize().cache();
  const across = await steps.step('In [17]  max, mean, min across voxels (normalized)', async () => {
    const [mx, mn, lo] = await Promise.all([data.max().first(), data.mean().first(), data.min().first()]);
    return { mx, mn, lo };
  });
  report.text(
    'In [17]: statistics across voxels, after normalize() (baseline: each voxel’s 20th percentile). The mean stays near 0 — most voxels are quiet — ' +
      `while the maximum, the most active voxel at each picture, reaches ${percent(maxOf(across.mx.data))} above baseline.`,
  );
  report.figure(
    lines([across.mx.data, across.mn.data, across.lo.data], {
      names: ['max', 'mean', 'min'],
      xLabel: 'picture number',
      yLabel: 'statistics value',
      strokeWidth: 2,
      legend: true,
      ...CHART,
    }),
    { caption: 'In [17]: maximum, mean and minimum over all voxels at each picture, after normalize().' },
  );

  const perVoxel = await steps.step('In [18]  mean and std within each series', async () => {
    const [means, stds] = await Promise.all([series.map((v) => v.mean()).flatten().toArray(), series.map((v) => v.std()).flatten().toArray()]);
    return { means, stds };
  });
  summary
    .add('In [18]', 'length of means', 13224, perVoxel.means.size)
    .add('In [18]', 'mean of the first series', 25.8, perVoxel.means.data[0]!)
    .add('In [18]', 'std of the first series', 0.4, perVoxel.stds.data[0]!);
  const meanMap = perVoxel.means.reshape([2, 76, 87]);
  report.text('In [19]: averaged over time, each voxel shows the anatomy — the brain’s outline and its brighter cell bodies — without the activity.');
  report.figure(image(meanMap.at(0), { cmap: 'gray', interpolation: 'nearest', width: PLANE_WIDTH, title: 'mean of each voxel, plane 0' }), {
    caption: 'In [19]: the mean of each voxel’s 20 values, reshaped to the volume (plane 0).',
  });

  const signal = fillNormal(new Float64Array(series.length), seed);
  const corr = await steps.step('In [22]  correlation with a signal', async () => {
    const [random, self] = await Promise.all([series.correlate(signal).first(), series.correlate(head.first.data).first()]);
    return { random: random.data[0]!, self: self.data[0]! };
  });
  summary.add('In [22]', 'corr(first series, random signal)', '−0.056 (random)', corr.random).add('In [22]', 'corr(first series, itself)', 1, corr.self);
  report.text(
    `In [22]: correlate() gives each voxel’s Pearson correlation with a signal. The first voxel against a random signal: ${corr.random.toFixed(3)} ` +
      `(near 0, as expected); against itself: ${corr.self.toFixed(3)}.`,
  );

  report.section(SECTION_TITLES[2]);
  summary.add('Q7', 'shape of the normalized data', '(2, 76, 87, 20)', formatShape(data.shape));
  report.text(
    'Q7: the clustering works on `normalize()`d series — each voxel’s change relative to its baseline (its 20th percentile, ' +
      '(v − b) / (b + 0.1)) — so voxels are grouped by how they behave, not by how bright they are. The data is cached on the cluster.',
  );

  const stds = data.map((v) => v.std());
  const std = await steps.step('Q8  std of each normalized series, 10 % sample', async () => {
    const n = await data.count();
    const [map, sampled] = await Promise.all([stds.toArray(), stds.sample(Math.floor(n / 10), seed).then((s) => s.flatten().toArray())]);
    return { n, map, sampled };
  });
  const counts = histogramCounts(std.sampled.data, 19);
  const q95 = histogramThreshold(counts.edges, counts.counts, 0.95);
  report.text(
    'Q8: to choose a threshold between noise and signal, the notebook looks at the distribution of the voxels’ standard deviations. ' +
      'It is very skewed: a tall peak near 0 (background and quiet voxels, whose normalized values barely move) and a long tail of active voxels. ' +
      `95 % of the sample lies below ${q95 === undefined ? 'n/a' : q95.toFixed(4)}, the notebook’s first candidate threshold.`,
  );
  report.figure(histogram(std.sampled.data, { bins: 19, kde: true, xLabel: 'stddevs', yLabel: 'number', title: 'Histogram of stddevs', ...CHART }), {
    caption: `Q8: standard deviations of a random 10 % of the normalized voxels (${std.sampled.size} of ${std.n}) in 19 bins, with a Gaussian kernel density estimate.`,
  });
  summary.add('Q8', '95 % std threshold (10 % sample)', 0.0430312721059, q95 ?? NaN);

  const firstPlane = (await imgs.first()).at(0);
  // The whole plane's range, so the corners look as dark as they do in the full picture (they are constant).
  const cropLook = { cmap: 'gray', clim: [minOf(firstPlane.data), maxOf(firstPlane.data)] as [number, number], interpolation: 'nearest' as const, width: 180 };
  report.figure(
    grid(
      [
        image(crop(firstPlane, 0, 19, 0, 19), { ...cropLook, title: 'plane 0 [0:19, 0:19]' }),
        image(crop(firstPlane, 62, 75, 0, 17), { ...cropLook, title: 'plane 0 [62:75, 0:17]' }),
      ],
      { columns: 2 },
    ),
    { caption: 'In [26]–[27]: the two corners of the first image taken as background, on the grey scale of the whole plane: uniformly dark, no cells.' },
  );
  const map = std.map.reshape([2, 76, 87]);
  // The notebook's four regions, including its repeat of plane 1 [0:19, 0:19] for the fourth.
  const background = mean([
    mean(crop(map.at(0), 0, 19, 0, 19).data),
    mean(crop(map.at(0), 62, 75, 0, 17).data),
    mean(crop(map.at(1), 0, 19, 0, 19).data),
    mean(crop(map.at(1), 0, 19, 0, 19).data),
  ]);
  summary.add('In [28]', 'average std of the background', 0.000304580735977, background);
  report.text(
    `In [28]: the average std of those background regions is ${background.toPrecision(3)}: the noise level of a voxel outside the fish after normalization. ` +
      'Voxels above it carry at least some signal.',
  );

  const q9 = await steps.step('Q9  50 random series with std > background', async () => sampleArray(data.filter((v) => v.std().gt(background)), 50, seed));
  report.text(
    'Q9: voxels above the noise level mostly stay within a few percent of their baseline; ' +
      `a few rise up to ${percent(maxOf(q9.data))} above it, at the start and the end of the recording — the structure K-means has to group.`,
  );
  report.figure(lines(q9, { xLabel: 'sample', yLabel: 'series value', strokeWidth: 1.5, title: 'examples with stddevs > background stddevs average', ...CHART }), {
    caption: 'Q9: 50 random normalized voxels whose std exceeds the background average.',
  });

  return { series, data, stdMap: map };
}
