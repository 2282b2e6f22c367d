/** Notebook Q21: Gaussian mixtures as an alternative to K-means, one model per K, label maps side by side. */
import { NDArray } from '../common/ndarray.js';
import { GaussianMixture, series, type GaussianMixtureModel, type Series } from '../thunder/index.js';
import { image, optimizeColors, tile, type Rgb, grid } from '../viz/index.js';
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
 * EM iterations per mixture. Full covariances cost K·T² per voxel and iteration, so K = 200 at
 * scikit-learn's default 100 iterations would dominate the whole run.
 */
const GMM_ITERATIONS = 20;

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
}

/**
 * Q21 fits the mixtures on every voxel, as the notebook did, with the local engine's EM
 * (scikit-learn's `reg_covar` = 1e-6 on every covariance's diagonal, a k-means start). MLlib's
 * GaussianMixture cannot fit these series: 5,609 of the 13,224 are all zeros, a component that
 * settles on them gets a singular covariance, MLlib has no `reg_covar` and no way to be given a
 * start, and its EM then fails (MatrixNotSymmetricException) or never returns. The series are
 * 2 MB: they are collected once and fitted here, K after K.
 */
export async function fitMixtures(data: Series, ks: readonly number[], seed: number, onFitted: (fit: MixtureFit) => void = () => undefined): Promise<{ local: Series; fits: MixtureFit[] }> {
  const local = await series.fromArray(await data.toArray());
  const fits: MixtureFit[] = [];
  for (const k of ks) {
    const model = await new GaussianMixture({ k, seed, maxIter: GMM_ITERATIONS }).fit(local);
    fits.push({ k, model });
    onFitted({ k, model });
  }
  return { local, fits };
}

/**
 * Colours of mixture components by `optimizeColors` over their means, except components whose
 * mean is zero up to rounding (the flat background voxels, which the fit on all voxels keeps as
 * one component): cosine distances are undefined for them, so they are drawn black.
 */
function componentColors(means: NDArray, seed: number): Rgb[] {
  const [k, T] = means.shape as [number, number];
  const norms = Array.from({ length: k }, (_, j) => Math.hypot(...Array.from(means.data.subarray(j * T, (j + 1) * T), Number)));
  // The background's mean is zero up to rounding (values near 1e-15 from the EM's sums).
  const negligible = 1e-9 * Math.max(...norms);
  const nonZero = norms.flatMap((v, j) => (v > negligible ? [j] : []));
  const colors: Rgb[] = Array.from({ length: k }, () => [0, 0, 0]);
  if (nonZero.length < 2) return colors.map((c, j) => (nonZero.includes(j) ? [0.5, 0.5, 0.5] : c));
  const rows = new Float64Array(nonZero.length * T);
  nonZero.forEach((j, i) => rows.set(Array.from(means.data.subarray(j * T, (j + 1) * T), Number), i * T));
  const optimized = optimizeColors(new NDArray(rows, [nonZero.length, T]), { seed });
  nonZero.forEach((j, i) => (colors[j] = optimized[i]!));
  return colors;
}

export async function gaussianMixtures(ctx: JobContext, sd: SeriesData, kmeans: KMeansMap | undefined): Promise<void> {
  const { report, steps, options } = ctx;
  const { data } = sd;
  report.section(SECTION_TITLES[6]);
  report.text(
    'Q21: K-means gives every voxel to exactly one centre and treats all clusters as equally wide spheres. ' +
      'A Gaussian mixture models each cluster as a Gaussian with its own covariance and weight, and gives each voxel a probability of belonging to each. ' +
      `Here a Gaussian mixture (full covariances, ${GMM_ITERATIONS} EM iterations from a k-means start) is fitted for every K (${options.ks.join(', ')}) ` +
      'on all voxels, as the notebook did, and every voxel is labelled with its most probable component. ' +
      'Like the notebook’s scikit-learn, the fit adds 10⁻⁶ to the diagonal of every covariance (reg_covar): 42 % of the voxels are all zeros, and without it a component on them has a singular covariance. ' +
      'MLlib’s GaussianMixture has no such regularization (its EM breaks down on these series), so the mixtures are fitted by thunder-connect’s own EM on the 2 MB of series, collected once.',
  );
  const { local, fits } = await steps.step(`Q21  Gaussian mixtures for ${options.ks.length} values of K, all voxels (local EM)`, () =>
    fitMixtures(data, options.ks, options.seed, (f) => steps.log(`    K = ${f.k} fitted, log-likelihood ${f.model.logLikelihood.toPrecision(6)}`)),
  );
  const labels = await Promise.all(fits.map(async (f) => ({ ...f, labels: (await f.model.predict(local).toArray()).reshape([2, 76, 87]) })));
  report.text(
    'Below, the background is one component at every K. The notebook found that the mixture sends more isolated noisy voxels to the background than K-means, ' +
      'but also merges structure inside the brain.',
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
    const colors = componentColors(best.model.means, options.seed);
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
}
