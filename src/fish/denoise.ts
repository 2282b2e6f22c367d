/** Notebook section 3.3f–g, Q16–Q19: drop the noisy voxels by their std, refit, and mask the map by similarity. */
import { image, masks, optimizeColors, grid } from '../viz/index.js';
import { colorPlanes } from './arrays.js';
import type { SweepResult } from '../thunder/index.js';
import { chosen, disposeAll, elbowFigure, errorTable, sweepKs, tracesFigure } from './clustering.js';
import { PLANE_WIDTH, type JobContext } from './context.js';
import { SECTION_TITLES } from './report.js';
import type { SeriesData } from './series.js';
import { formatShape } from './summary.js';

export async function removeNoise(ctx: JobContext, sd: SeriesData): Promise<void> {
  const { report, summary, steps, options } = ctx;
  const { data, stdMap } = sd;
  const t = options.threshold;
  report.section(SECTION_TITLES[4]);
  report.text(
    'Many voxels are pure noise (outside the brain), and the first clustering spent clusters on them. ' +
      'The notebook’s fix: keep only voxels whose normalized time series varies enough, then cluster again.',
  );
  report.figure(image(stdMap.at(0), { cmap: 'hot', interpolation: 'nearest', width: PLANE_WIDTH, title: 'std of each normalized voxel, plane 0' }), {
    caption: 'Q16: the standard deviation of every normalized voxel, plane 0: dark outside the fish and in quiet tissue, bright where cells are active.',
  });
  report.text(
    'Q16: a threshold on this map decides which voxels to keep. The lowest thresholds keep the whole brain and a scatter of background voxels with it; ' +
      `from 0.015 on, parts of the brain are lost too. The notebook chose 0.01: most of the brain kept, most of the background dropped. This run uses ${t}.`,
  );
  report.figure(masks(stdMap.at(0), options.thresholds, { width: 300, interpolation: 'nearest', columns: 3 }), {
    caption: 'Q16: the voxels of plane 0 each std threshold keeps (white).',
  });

  const filtered = data.filter((v) => v.std().gt(t)).cache();
  const kept = await steps.step(`Q17  keep voxels with std > ${t}`, () => filtered.count());
  summary.add('Q17', `voxels kept (std > ${t})`, t === 0.01 ? '(5898, 20)' : '', formatShape([kept, data.length]));
  report.text(`Q17: ${kept} of ${stdMap.size} voxels pass the threshold (shape ${formatShape([kept, data.length])}); the others are left out of the fit.`);

  const results = await sweepKs(ctx, filtered, `Q18  K-means on the ${kept} kept voxels, ${options.ks.length} values of K`);
  try {
    await refit(ctx, sd, results, kept);
  } finally {
    await disposeAll(results);
    filtered.uncache();
  }
}

async function refit(ctx: JobContext, sd: SeriesData, results: readonly SweepResult[], kept: number): Promise<void> {
  const { report, steps, options } = ctx;
  const { data } = sd;
  errorTable(ctx, results, `Q18: errors of the models fitted on the ${kept} kept voxels, scored on those voxels.`);
  report.text(
    'Q18: refitted on the kept voxels only, the bend is again around K = 20–30, so K = 30 stays; ' +
      'what changes is what the clusters describe: none is spent on the background any more.',
  );
  report.figure(elbowFigure(results, 'error of the models against k (kept voxels)'), { caption: 'Q18: both errors against K for the models fitted on the kept voxels.' });

  const best = chosen(results, options.k);
  const colors = optimizeColors(best.model.centers, { seed: options.seed });
  report.figure(tracesFigure(best.model.centers, colors, `the ${options.k} centres, kept voxels, optimized colours`), {
    caption: `Q19a: the ${options.k} centres of the model fitted on the kept voxels, in optimized colours: without the noise, more centres carry a clear response.`,
  });

  // Predict and score every voxel, as the notebook does, so the map covers the whole volume.
  const maps = await steps.step(`Q19  labels and similarity of every voxel (K = ${options.k})`, async () => {
    const [labels, sim] = await Promise.all([best.model.predict(data).toArray(), best.model.similarity(data).toArray()]);
    return { labels: labels.reshape([2, 76, 87]), sim: sim.reshape([2, 76, 87]) };
  });
  const [plain] = colorPlanes(maps.labels, colors);
  report.text(
    'Q19: the clusters now follow the brain’s anatomy, but voxels that did not pass the threshold still get some colour. ' +
      'Masking by similarity (the correlation of each voxel with its centre, 0 to 1) fixes that: noise fades to black and the well-explained populations stand out.',
  );
  const [masked] = colorPlanes(maps.labels, colors, maps.sim);
  report.figure(
    grid(
      [
        image(plain!, { interpolation: 'nearest', width: PLANE_WIDTH, title: 'labels' }),
        image(maps.sim.at(0), { cmap: 'gray', clim: [0, 1], interpolation: 'nearest', width: PLANE_WIDTH, title: 'similarity to the centre' }),
        image(masked!, { interpolation: 'nearest', width: PLANE_WIDTH, title: 'labels × similarity' }),
      ],
      { columns: 3 },
    ),
    {
      caption: 'Q19b and g, plane 0: the cluster of every voxel (left), its similarity to its centre (middle), and the clusters dimmed by that similarity (right).',
    },
  );
}
