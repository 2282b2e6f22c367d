/** Notebook Q20: fit on half of the time points, score on both halves, and compare the brain maps. */
import type { KMeansModel, Series, SweepResult } from '../thunder/index.js';
import { uniform } from '../thunder/random.js';
import { elbow, image, optimizeColors, grid } from '../viz/index.js';
import { colorPlanes } from './arrays.js';
import { chosen, disposeAll, sweepKs } from './clustering.js';
import { CHART_HEIGHT, CHART_WIDTH, PLANE_WIDTH, type JobContext } from './context.js';
import { SECTION_TITLES } from './report.js';
import type { SeriesData } from './series.js';
import { formatVector } from './summary.js';

/** A seeded shuffle of 0..n-1 cut in two halves (the notebook's `np.random.shuffle` of the time index), each sorted. */
export function splitTimes(n: number, seed: number): { train: number[]; test: number[] } {
  const order = Array.from({ length: n }, (_, i) => i);
  const u = uniform(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const half = Math.floor(n / 2);
  return { train: order.slice(0, half).sort((a, b) => a - b), test: order.slice(half).sort((a, b) => a - b) };
}

/** error 1 and error 2 of a model on other series, summed on the engine. */
async function score(model: KMeansModel, series: Series): Promise<{ error1: number; error2: number }> {
  const [d, s] = await Promise.all([model.distances(series).sum().first(), model.similarity(series).sum().first()]);
  return { error1: d.data[0]!, error2: 1 / s.data[0]! };
}

export async function validateOnTime(ctx: JobContext, sd: SeriesData): Promise<void> {
  const { report, steps, options } = ctx;
  const { data } = sd;
  report.section(SECTION_TITLES[5]);
  const { train, test } = splitTimes(data.length, options.seed);
  report.text(
    'Q20: judging a clustering on the data it was fitted on favours ever larger K. Every voxel occurs once, so the notebook splits the time points instead: ' +
      `the models are fitted on 10 randomly chosen pictures and scored on those and on the other 10. This run trains on pictures ${formatVector(train)} ` +
      `and tests on ${formatVector(test)}.`,
  );
  const trainSeries = data.select(train).cache();
  const testSeries = data.select(test).cache();
  const results = await sweepKs(ctx, trainSeries, `Q20  K-means on the ${train.length} training time points`);
  try {
    await compareHalves(ctx, results, trainSeries, testSeries);
  } finally {
    await disposeAll(results);
    trainSeries.uncache();
    testSeries.uncache();
  }
}

async function compareHalves(ctx: JobContext, results: readonly SweepResult[], trainSeries: Series, testSeries: Series): Promise<void> {
  const { report, steps, options } = ctx;
  const tested = await steps.step('Q20  score every model on the test time points', () => Promise.all(results.map((r) => score(r.model, testSeries))));

  const ks = results.map((r) => r.k);
  const line = (name: string, values: number[], color: string, dashed: boolean) => ({ name, values, color, dashed });
  report.text(
    'Where a training curve and its test curve meet, the model does as well on unseen time points as on those it was fitted on; ' +
      'the notebook read K between 20 and 30 from the crossings. A test error that stops falling while the training error keeps going down marks overfitting.',
  );
  report.figure(
    elbow(ks, {
      series: [
        line('train error 1', results.map((r) => r.error1), '#000000', false),
        line('train error 2', results.map((r) => r.error2), '#1f3fbf', false),
        line('test error 1', tested.map((s) => s.error1), '#d62728', true),
        line('test error 2', tested.map((s) => s.error2), '#2ca02c', true),
      ],
      xLabel: 'k',
      yLabel: 'error / sum over k',
      title: 'training and test errors against k',
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
    }),
    {
      caption: 'Q20: both errors on the training pictures (solid) and on the held-out ones (dotted), each divided by its sum over K.',
    },
  );
  report.table(
    ['K', 'train error 1', 'test error 1', 'train error 2', 'test error 2'],
    results.map((r: SweepResult, i) => [r.k, r.error1, tested[i]!.error1, r.error2, tested[i]!.error2]),
    { caption: 'Q20: the scores behind the plot.' },
  );

  const best = chosen(results, options.k).model;
  const colors = optimizeColors(best.centers, { seed: options.seed });
  report.text(
    'Where the two maps below agree, the clusters describe lasting behaviour of those voxels rather than noise of particular pictures. ' +
      '(The notebook drew the full data’s labels here by mistake; these are the split’s own.)',
  );
  const maps = await steps.step(`Q20  brain maps of the train and test halves (K = ${options.k})`, async () => {
    const get = async (s: Series) => {
      const [labels, sim] = await Promise.all([best.predict(s).toArray(), best.similarity(s).toArray()]);
      return colorPlanes(labels.reshape([2, 76, 87]), colors, sim.reshape([2, 76, 87]))[0]!;
    };
    return { train: await get(trainSeries), test: await get(testSeries) };
  });
  report.figure(
    grid(
      [
        image(maps.train, { interpolation: 'nearest', width: PLANE_WIDTH, title: 'brain map of train set' }),
        image(maps.test, { interpolation: 'nearest', width: PLANE_WIDTH, title: 'brain map of test set' }),
      ],
      { columns: 2 },
    ),
    {
      caption: `Q20: plane 0 clustered by the K = ${options.k} model of the training pictures, on the training pictures (left) and on the held-out ones (right), dimmed by similarity.`,
    },
  );
}
