/**
 * Thunder 1.4's Images, Blocks and images I/O tests on the Spark SQL path (the session is told not
 * to use the kernels before any data exist); images.spark.test.ts runs them on the kernel path.
 */
import { beforeAll, expect, it } from 'vitest';
import type { EngineOptions } from '../../../src/thunder/index.js';
import { kernelStatus, useKernels } from '../../../src/thunder/spark/kernels/install.js';
import { useSpark } from '../../helpers/spark.js';
import { thunderBlocksCases } from './blocks-cases.js';
import { thunderImagesCases } from './images-cases.js';
import { thunderImagesIoCases } from './images-io-cases.js';
import { imagesProbeCases } from './images-probes.js';

const session = useSpark();
beforeAll(() => useKernels(session(), false));
const spark = async (): Promise<EngineOptions> => ({ engine: session() });

it('runs on the SQL path', async () => {
  expect((await kernelStatus(session())).path).toBe('sql');
});
thunderImagesCases(spark);
thunderBlocksCases(spark);
thunderImagesIoCases(spark);
imagesProbeCases(spark);
