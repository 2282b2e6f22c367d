/** Notebook Q21: Gaussian mixtures as an alternative to K-means, one model per K, label maps side by side. */
import { NDArray } from '../../common/ndarray.js';
import { SparkConnectError, SparkInterruptedError } from '../../connect/index.js';
import { GaussianMixture, type GaussianMixtureModel, type Series } from '../../thunder/index.js';
import { image, optimizeColors, tile, type Rgb, grid } from '../../viz/index.js';
import { colorPlanes, scaledLabels } from './arrays.js';
import { PLANE_WIDTH, type JobContext } from './context.js';
import { SECTION_TITLES } from './report.js';
import type { SeriesData } from './series.js';

/** The K-means result Q21 is compared with: labels of every voxel [2, 76, 87] and their colours. */
export interface KMeansMap {
  readonly labels: NDArray;
  readonly colors: readonly Rgb[];
}

/**
 * EM iterations per mixture. Full covariances cost K·T² per voxel and iteration (MLlib has no
 * diagonal option, which the notebook's scikit-learn GMM used by default), so K = 200 at the
 * default 100 iterations would dominate the whole run.
 */
const GMM_ITERATIONS = 20;
/** Random starts tried per K before giving up on it. */
const GMM_STARTS = 3;

/** Equal-shape arrays stacked along a new first axis. */
function stack(arrays: readonly NDArray[]): NDArray<Float64Array> {
  const size = arrays[0]!.size;
  const out = new Float64Array(arrays.length * size);
  arrays.forEach((a, i) => out.set(Array.from(a.data), i * size));
  return new NDArray(out, [arrays.length, ...arrays[0]!.shape]);
}

export interface MixtureFit {
  readonly k: number;
  readonly model: GaussianMixtureModel;
  /** Random starts used (1 when the first converged). */
  readonly starts: number;
}

/**
 * A start that runs longer is given up. When a component collapses, MLlib hands its NaN covariance
 * to LAPACK's eigensolver, which may loop forever instead of failing (seen on the 3-process
 * cluster: F2J's dlascl). Healthy fits of all eight K together take 1–4 minutes on two cores. The
 * interrupted task itself keeps a core busy on the server until it stops.
 */
const GMM_DEADLINE_MS = 8 * 60_000;

/**
 * Fits a mixture, trying the next seeds when MLlib's EM fails or hangs on the server: on these
 * series a component can collapse onto near-identical voxels, its covariance turns NaN, and
 * depending on the random start MLlib stops with MatrixNotSymmetricException or never returns.
 */
export async function fitMixture(
  data: Series,
  k: number,
  seed: number,
  onRetry: (start: number, error: unknown) => void = () => undefined,
  starts = GMM_STARTS,
): Promise<MixtureFit> {
  for (let i = 0; ; i++) {
    try {
      const model = await new GaussianMixture({ k, seed: seed + i, maxIter: GMM_ITERATIONS }).fit(data, { signal: AbortSignal.timeout(GMM_DEADLINE_MS) });
      return { k, model, starts: i + 1 };
    } catch (e) {
      if (!(e instanceof SparkConnectError) || i + 1 >= starts) throw e;
      onRetry(i + 1, e);
    }
  }
}

export async function gaussianMixtures(ctx: JobContext, sd: SeriesData, kmeans: KMeansMap | undefined): Promise<void> {
  const { report, steps, options } = ctx;
  const { data } = sd;
  report.section(SECTION_TITLES[6]);
  report.text(
    'Q21: K-means gives every voxel to exactly one centre and treats all clusters as equally wide spheres. ' +
      'A Gaussian mixture models each cluster as a Gaussian with its own covariance and weight, and gives each voxel a probability of belonging to each. ' +
      `Here MLlib’s GaussianMixture (full covariances, ${GMM_ITERATIONS} EM iterations) is fitted for every K (${options.ks.join(', ')}) ` +
      `on the voxels kept in Q17 (std > ${options.threshold}), and every voxel is labelled with its most probable component. ` +
      '(Fitted on all voxels, as the notebook did, MLlib’s EM breaks down for most K: thousands of flat background series make components collapse.)',
  );
  const kept = data.filter((v) => v.std().gt(options.threshold)).cache();
  const fits: MixtureFit[] = [];
  try {
    const settled = await steps.step(`Q21  Gaussian mixtures for ${options.ks.length} values of K, concurrently`, () =>
      Promise.allSettled(
        options.ks.map(async (k) => {
          const fit = await fitMixture(kept, k, options.seed, (start, e) =>
            steps.log(`    K = ${k}: random start ${start} failed on the server (${e instanceof SparkInterruptedError ? 'no answer in time' : (e as Error).name}), trying the next`),
          );
          fits.push(fit);
          const labels = (await fit.model.predict(data).toArray()).reshape([2, 76, 87]);
          steps.log(`    K = ${k} fitted${fit.starts > 1 ? ` (random start ${fit.starts})` : ''}, log-likelihood ${fit.model.logLikelihood.toPrecision(6)}`);
          return { ...fit, labels };
        }),
      ),
    );
    const labels = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = options.ks.filter((_, i) => settled[i]!.status === 'rejected');
    if (labels.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
    const restarted = labels.filter((m) => m.starts > 1).map((m) => `K = ${m.k} converged from random start ${m.starts}`);
    report.text(
      'Below, the background is one component at every K. The notebook found that the mixture sends more isolated noisy voxels to the background than K-means, ' +
        'but also merges structure inside the brain.' +
        (restarted.length > 0 ? ` (${restarted.join('; ')}.)` : '') +
        (failed.length > 0 ? ` MLlib’s EM failed for K = ${failed.join(', ')} after ${GMM_STARTS} random starts; those maps are missing.` : ''),
    );
    report.figure(
      tile(stack(labels.map((m) => scaledLabels(m.labels.at(0), m.k))), {
        cmap: 'gray',
        titles: labels.map((m) => `K = ${m.k}`),
        columns: 4,
        width: 200,
        interpolation: 'nearest',
        colorbar: false,
      }),
      {
        caption: 'Q21: the most probable mixture component of every voxel of plane 0, for each K, in grey as the notebook drew them (equal grey, same component).',
      },
    );

    const best = labels.find((m) => m.k === options.k);
    if (best && kmeans) {
      const colors = optimizeColors(best.model.means, { seed: options.seed });
      report.text(
        'Side by side (colours compare within a map, not across the two): the mixture draws fewer, broader regions — its components can be wide — ' +
          'where K-means cuts the brain into pieces of similar size.',
      );
      report.figure(
        grid(
          [
            image(colorPlanes(kmeans.labels, kmeans.colors)[0]!, { interpolation: 'nearest', width: PLANE_WIDTH, title: `K-means, K = ${options.k}` }),
            image(colorPlanes(best.labels, colors)[0]!, { interpolation: 'nearest', width: PLANE_WIDTH, title: `Gaussian mixture, K = ${options.k}` }),
          ],
          { columns: 2 },
        ),
        {
          caption: `Q21: plane 0 clustered by K-means (left, Q15’s model) and by the Gaussian mixture (right), K = ${options.k}, each in colours optimized for its own centres.`,
        },
      );
    }
  } finally {
    await Promise.allSettled(fits.map((f) => f.model.dispose()));
    kept.uncache();
  }
}
