/** The clustering input rules of issue 11 on the local engine. */
import type { EngineOptions } from '../../../src/thunder/index.js';
import { clusteringProbeCases } from './clustering-probes.js';

clusteringProbeCases(async (): Promise<EngineOptions> => ({}), 'local');
