/** Thunder 1.4's Images, Blocks and images I/O tests on the local engine (Thunder's eng=None). */
import type { EngineOptions } from '../../../src/thunder/index.js';
import { thunderBlocksCases } from './blocks-cases.js';
import { thunderImagesCases } from './images-cases.js';
import { thunderImagesIoCases } from './images-io-cases.js';
import { imagesProbeCases } from './images-probes.js';

const local = async (): Promise<EngineOptions> => ({});

thunderImagesCases(local);
thunderBlocksCases(local);
thunderImagesIoCases(local);
imagesProbeCases(local);
