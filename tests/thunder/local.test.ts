/** The engine-parametrized acceptance cases on the local engine, plus local-only checks. */
import { describe, expect, it } from 'vitest';
import { images, type EngineOptions } from '../../src/thunder/index.js';
import { badInputCases } from './cases/bad-input.js';
import { imagesCases } from './cases/images.js';
import { ioCases } from './cases/io.js';
import { notebookCases } from './cases/notebook.js';
import { seriesCases } from './cases/series.js';

const local = async (): Promise<EngineOptions> => ({});

notebookCases(local);
seriesCases(local);
imagesCases(local);
ioCases(local);
badInputCases(local);

describe('local engine specifics', () => {
  it('reports mode local when no engine is given', async () => {
    expect((await images.fromArray([[1, 2], [3, 4]])).mode).toBe('local');
    expect((await images.fromArray([[1, 2], [3, 4]], { engine: undefined })).toSeries().mode).toBe('local');
  });
});
