/** Every engine-parametrized acceptance case on the Spark engine (spark == local), plus Spark specifics. */
import { useSpark } from '../helpers/spark.js';
import type { EngineOptions } from '../../src/thunder/index.js';
import { badInputCases } from './cases/bad-input.js';
import { imagesCases } from './cases/images.js';
import { ioCases } from './cases/io.js';
import { notebookCases } from './cases/notebook.js';
import { seriesCases } from './cases/series.js';

const session = useSpark();
const spark = async (): Promise<EngineOptions> => ({ engine: session() });

notebookCases(spark);
seriesCases(spark);
imagesCases(spark);
ioCases(spark);
badInputCases(spark);
