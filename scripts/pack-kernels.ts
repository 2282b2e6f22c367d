/**
 * `npm pack` / `npm publish` (prepack): builds the JVM kernels into dist/kernels/ so the package
 * carries a jar built from its own sources; users then need no Maven build for them.
 */
import { buildKernels } from '../src/runtime/kernels.js';
import { PACKAGED_KERNELS_DIR } from '../src/runtime/paths.js';

const jar = await buildKernels({ dir: PACKAGED_KERNELS_DIR });
console.log(`kernels jar packed: ${jar}`);
