/** The report's frame: title, introduction, and the closing table of the notebook's numbers next to ours. */
import { Report } from '../viz/index.js';
import type { FishOptions } from './options.js';
import { SUMMARY_COLUMNS, summaryCells, type Summary } from './summary.js';

export const REPORT_TITLE = 'Zebrafish brain activity: the Thunder notebook on Spark';

/** Section titles in order, so tests can check that the written report holds every part of the notebook. */
export const SECTION_TITLES = [
  'Images: loading and inspecting (Q1–Q4)',
  'Series: one time series per voxel (Q5–Q6)',
  'Preparing the clustering: normalization and noise level (Q7–Q9)',
  'Clustering voxels with K-means (Q10–Q15)',
  'Removing noise before clustering (Q16–Q19)',
  'Validation on held-out time points (Q20)',
  'An alternative: Gaussian mixtures (Q21)',
  'The notebook’s numbers and ours',
] as const;

export function startReport(options: FishOptions, where: string): Report {
  return new Report(REPORT_TITLE).text(
    'This report re-runs the Thunder notebook “Analyzing Neuroimaging Data with PySpark and Thunder” in TypeScript: ' +
      'the zebrafish recording is loaded, turned into one time series per voxel, normalized, and the voxels are clustered by behaviour ' +
      `with K-means fitted inside Spark. ${where} ` +
      `Choices as in the notebook: K swept over ${options.ks.join(', ')}, best K = ${options.k}, std threshold ${options.threshold}, ` +
      `time points split into two halves for validation; every random choice uses seed ${options.seed}. ` +
      'Question numbers (Q1–Q21) and cell numbers (In [n]) refer to the notebook.',
  );
}

export function addSummary(report: Report, summary: Summary): void {
  report.section(SECTION_TITLES[7]);
  report.text(
    'Everything the notebook printed, next to what this run computed. Structural values (counts, shapes, raw values) must be the same; ' +
      'clustering errors depend on the K-means implementation and its random start (the notebook used scikit-learn, this run uses MLlib), ' +
      'so they agree only approximately; samples and random signals differ by nature.',
  );
  report.table(SUMMARY_COLUMNS, summary.rows.map(summaryCells), { caption: 'Notebook output vs this run' });
}
