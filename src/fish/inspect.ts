/** Notebook section 2.1, Q1–Q4: load the fish recording as Images, look at it, subsample it, turn it into Series. */
import type { NDArray } from '../common/ndarray.js';
import { images, type Images } from '../thunder/index.js';
import { image, tile, type VegaLiteSpec, grid } from '../viz/index.js';
import { maxOf, minOf } from './arrays.js';
import { SECTION_TITLES } from './report.js';
import { PLANE_WIDTH, type JobContext } from './context.js';
import { formatShape, formatVector } from './summary.js';

export interface Inspected {
  readonly images: Images;
  /** The first volume, [2, 76, 87]. */
  readonly first: NDArray;
}

/** numpy's abbreviated print of a row, as the notebook shows the first image. */
function rowPreview(values: ArrayLike<number>): string {
  const all = Array.from(values);
  return `${formatVector(all.slice(0, 3))} … ${formatVector(all.slice(-3))}`;
}

export async function inspectImages(ctx: JobContext): Promise<Inspected> {
  const { report, summary, steps } = ctx;
  report.section(SECTION_TITLES[0]);
  report.text(
    'The example data is a light-sheet recording of a larval zebrafish brain: 20 volumes taken one after another, ' +
      'each a z-stack of 2 planes of 76 × 87 voxels whose values are fluorescence intensities (calcium activity). ' +
      'Thunder holds them as `Images`: one record per time point.',
  );

  const loaded = await steps.step('In [1]  load the fish example as Images', async () => {
    const imgs = (await images.fromExample('fish', ctx.engine)).cache();
    return { imgs, count: await imgs.count(), first: await imgs.first() };
  });
  const { imgs, count, first } = loaded;
  summary
    .add('In [1]', 'number of images', 20, count)
    .add('In [2]', 'shape of the data', '(20, 2, 76, 87)', formatShape(imgs.shape))
    .add('In [2]', 'shape of the first image', '(2, 76, 87)', formatShape(first.shape))
    .add('In [2]', 'first image, plane 0, row 0', '[26 26 26] … [26 26 26]', rowPreview(first.at(0).at(0).data));

  const plane0 = first.at(0);
  const plane1 = first.at(1);
  report.text('The bright shape is the fish brain, seen from above: the two hemispheres either side of the midline, the eyes’ region on the left; the dark border is background outside the fish.');
  report.figure(tile(first, { cmap: 'gray', titles: ['plane 0', 'plane 1'], width: PLANE_WIDTH, interpolation: 'nearest' }), {
    caption: 'In [2], draw_tile: the two planes of the first volume, in grey.',
  });

  const small = { width: 200, interpolation: 'nearest' as const };
  const variants: VegaLiteSpec[] = [
    image(plane0, { ...small, cmap: 'gray', colorbar: false, title: 'plane 0, gray' }),
    image(plane1, { ...small, cmap: 'gray', colorbar: false, title: 'plane 1, gray' }),
    image(plane0, { ...small, cmap: 'viridis', colorbar: false, title: 'plane 0, cmap=None (viridis)' }),
    image(plane0, { ...small, cmap: 'hot', colorbar: false, title: 'plane 0, hot' }),
    image(plane0, { ...small, cmap: 'viridis', colorbar: false, opacity: 0.5, title: 'plane 0, alpha = 0.5' }),
    image(plane0, { ...small, cmap: 'viridis', colorbar: true, title: 'plane 0, with colour bar' }),
    image(plane0, { ...small, cmap: 'viridis', colorbar: true, interpolation: 'bicubic', title: 'plane 0, bicubic' }),
  ];
  report.text(
    'Q1b, the choice of imshow’s parameters: nearest interpolation draws one square per voxel, so nothing is invented; ' +
      'grey reads as brightness, viridis and hot stretch the contrast of the dim tissue, alpha 0.5 fades the picture towards the background, ' +
      `the colour bar gives the raw intensities (${minOf(plane0.data)} outside the fish, up to ${maxOf(plane0.data)} in the brightest cells), and bicubic smoothing hides the voxel grid at the cost of sharp edges.`,
  );
  report.figure(grid(variants, { columns: 4 }), { caption: 'Q1: the first volume drawn with different imshow parameters.' });

  const std = await steps.step('Q2  standard deviation across the 20 images', async () => imgs.std().first());
  report.text(
    'Q2: the standard deviation of a voxel across the 20 images says how much it changes over time. Bright voxels change a lot: active neurons. ' +
      'Dark voxels are steady: background and quiet tissue. This activity is what the clustering later tries to explain.',
  );
  report.figure(tile(std, { cmap: 'gray', titles: ['plane 0', 'plane 1'], width: PLANE_WIDTH, interpolation: 'nearest' }), {
    caption: 'Q2: standard deviation of every voxel across the 20 images, planes 0 and 1.',
  });

  const subsampled = imgs.subsample([1, 5, 5]);
  const sub = await steps.step('Q3  subsample((1, 5, 5))', async () => subsampled.first());
  report.figure(image(sub.at(0), { cmap: 'viridis', interpolation: 'nearest', width: PLANE_WIDTH, title: 'Subsampling image' }), {
    caption: 'Q3: plane 0 of the first volume after subsample((1, 5, 5)): every 5th voxel along each image axis, 16 × 18 instead of 76 × 87; the brain is still recognisable.',
  });
  summary.add('Q3', 'shape before subsampling', '(20, 2, 76, 87)', formatShape(imgs.shape)).add('Q3', 'shape after subsampling', '(20, 2, 16, 18)', formatShape(subsampled.shape));

  const series = imgs.toSeries();
  summary.add('Q4', 'shape of the series', '(2, 76, 87, 20)', formatShape(series.shape));
  report.text(
    `Q4: \`toSeries()\` turns the ${count} images into one time series per voxel: shape ${formatShape(series.shape)}, ` +
      'that is 2 × 76 × 87 = 13,224 voxels, each with 20 values (one per image). The same data, seen per voxel instead of per time point.',
  );
  return { images: imgs, first };
}
