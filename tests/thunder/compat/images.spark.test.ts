/**
 * Thunder 1.4's Images, Blocks and images I/O tests on the Spark engine (Thunder's
 * eng=SparkContext), on the kernel path; images-sql-path.spark.test.ts runs them on the SQL path.
 */
import { expect, it } from 'vitest';
import type { EngineOptions } from '../../../src/thunder/index.js';
import { kernelStatus } from '../../../src/thunder/spark/kernels/install.js';
import { useSpark } from '../../helpers/spark.js';
import { thunderBlocksCases } from './blocks-cases.js';
import { thunderImagesCases } from './images-cases.js';
import { thunderImagesIoCases } from './images-io-cases.js';
import { imagesProbeCases } from './images-probes.js';

const session = useSpark();
const spark = async (): Promise<EngineOptions> => ({ engine: session() });

it('runs on the kernel path', async () => {
  expect((await kernelStatus(session())).path).toBe('kernels');
});

thunderImagesCases(spark);
thunderBlocksCases(spark);
thunderImagesIoCases(spark);
imagesProbeCases(spark);
