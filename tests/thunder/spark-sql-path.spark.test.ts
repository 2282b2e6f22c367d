/**
 * The acceptance cases again on the Spark SQL path (the fallback for servers that refuse the
 * kernels): the session is told not to use the kernels before any data are created, so every
 * case here runs today's higher-order-function SQL. spark.spark.test.ts runs them on the kernels.
 */
import { beforeAll, expect, it } from 'vitest';
import type { EngineOptions } from '../../src/thunder/index.js';
import { kernelStatus, useKernels } from '../../src/thunder/spark/kernels/install.js';
import { useSpark } from '../helpers/spark.js';
import { badInputCases } from './cases/bad-input.js';
import { imagesCases } from './cases/images.js';
import { ioCases } from './cases/io.js';
import { notebookCases } from './cases/notebook.js';
import { seriesCases } from './cases/series.js';

const session = useSpark();
beforeAll(() => useKernels(session(), false));
const spark = async (): Promise<EngineOptions> => ({ engine: session() });

it('runs on the SQL path', async () => {
  expect((await kernelStatus(session())).path).toBe('sql');
});
notebookCases(spark);
seriesCases(spark);
imagesCases(spark);
ioCases(spark);
badInputCases(spark);
