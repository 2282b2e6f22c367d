/**
 * Every engine-parametrized acceptance case on the Spark engine (spark == local), on the kernel
 * path (the test server takes the kernels); spark-sql-path.spark.test.ts runs them on the SQL path.
 */
import { expect, it } from 'vitest';
import { kernelStatus } from '../../src/thunder/spark/kernels/install.js';
import { useSpark } from '../helpers/spark.js';
import type { EngineOptions } from '../../src/thunder/index.js';
import { badInputCases } from './cases/bad-input.js';
import { imagesCases } from './cases/images.js';
import { ioCases } from './cases/io.js';
import { notebookCases } from './cases/notebook.js';
import { seriesCases } from './cases/series.js';

const session = useSpark();
const spark = async (): Promise<EngineOptions> => ({ engine: session() });

it('runs on the kernel path', async () => {
  expect((await kernelStatus(session())).path).toBe('kernels');
});

notebookCases(spark);
seriesCases(spark);
imagesCases(spark);
ioCases(spark);
badInputCases(spark);
