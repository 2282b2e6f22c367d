/** The engine-parametrized acceptance cases on the local engine, plus local-only checks. */
import { describe, expect, it } from 'vitest';
import { NotSupportedError } from '../../src/common/errors.js';
import { images, series, type SparkEngine } from '../../src/thunder/index.js';
import { badInputCases } from './cases/bad-input.js';
import { imagesCases } from './cases/images.js';
import { ioCases } from './cases/io.js';
import { notebookCases } from './cases/notebook.js';
import { seriesCases } from './cases/series.js';

const local = async (): Promise<{ engine?: SparkEngine }> => ({});

notebookCases(local);
seriesCases(local);
imagesCases(local);
ioCases(local);
badInputCases(local);

describe('local engine specifics', () => {
  it('reports mode local and loaders given a Spark engine say it is not wired yet', async () => {
    expect((await images.fromArray([[1, 2], [3, 4]])).mode).toBe('local');
    const spark: SparkEngine = { kind: 'spark' };
    await expect(images.fromExample('fish', { engine: spark })).rejects.toBeInstanceOf(NotSupportedError);
    await expect(series.fromArray([[1, 2]], { engine: spark })).rejects.toThrow(/not yet wired/);
  });
});
