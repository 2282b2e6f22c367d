/** The clustering input rules of issue 11 on the Spark engine. */
import type { EngineOptions } from '../../../src/thunder/index.js';
import { useSpark } from '../../helpers/spark.js';
import { clusteringProbeCases } from './clustering-probes.js';

const session = useSpark();
clusteringProbeCases(async (): Promise<EngineOptions> => ({ engine: session() }), 'spark');
