/**
 * The spec of a spatial filter for the JVM kernel `thunder_spatial_filter` (class
 * `org.thunderconnect.kernels.udf.SpatialFilter`, format documented in `filters/FilterPlan.java`):
 * the image shape, the dtype, and either the separable passes (axis, origin, divisor, weights) in
 * the order the local engine runs them, or the median window. The gaussian weights are computed
 * here by `gaussianKernel`, the local engine's own function, so both engines multiply by the same
 * doubles and the results are bit-identical.
 */
import { DTYPES, type DType } from '../../../common/ndarray.js';
import type { FilterSpec } from '../../engine.js';
import { gaussianKernel } from '../../local/filters.js';

export const SPATIAL_FILTER_FUNCTION = 'thunder_spatial_filter';

interface Pass {
  readonly axis: number;
  readonly origin: number;
  readonly divisor: number;
  readonly weights: Float64Array;
}

/** The passes `filterImages` (local/filters.ts) runs for a gaussian or uniform spec, in its order. */
function separablePasses(shape: readonly number[], spec: Exclude<FilterSpec, { kind: 'median' }>): Pass[] {
  const passes: Pass[] = [];
  for (let axis = 0; axis < shape.length; axis++) {
    if (spec.kind === 'gaussian') {
      const sigma = spec.sigma[axis]!;
      if (!(sigma > 1e-15)) continue;
      const weights = gaussianKernel(sigma);
      passes.push({ axis, origin: (weights.length - 1) / 2, divisor: 1, weights });
    } else {
      const s = Math.floor(spec.size[axis]!);
      if (s <= 1) continue;
      passes.push({ axis, origin: Math.floor(s / 2), divisor: s, weights: new Float64Array(s).fill(1) });
    }
  }
  return passes;
}

/** The little-endian binary spec of `spec` applied to images of `shape` and `dtype`. */
export function encodeFilterSpec(shape: readonly number[], spec: FilterSpec, dtype: DType): Uint8Array {
  const head = 8 + 4 * shape.length;
  const passes = spec.kind === 'median' ? [] : separablePasses(shape, spec);
  const body = spec.kind === 'median' ? 4 * shape.length : 4 + passes.reduce((n, p) => n + 20 + 8 * p.weights.length, 0);
  const bytes = new Uint8Array(head + body);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const u8 = (v: number): void => view.setUint8(at++, v);
  const i32 = (v: number): void => {
    view.setInt32(at, v, true);
    at += 4;
  };
  const f64 = (v: number): void => {
    view.setFloat64(at, v, true);
    at += 8;
  };
  u8(0x46);
  u8(spec.kind === 'median' ? 1 : 0);
  u8(DTYPES.indexOf(dtype));
  u8(0);
  i32(shape.length);
  for (const n of shape) i32(n);
  if (spec.kind === 'median') {
    for (const s of spec.size) i32(Math.max(1, Math.floor(s)));
  } else {
    i32(passes.length);
    for (const p of passes) {
      i32(p.axis);
      i32(p.origin);
      f64(p.divisor);
      i32(p.weights.length);
      for (const w of p.weights) f64(w);
    }
  }
  return bytes;
}

/**
 * SQL of the filtered images' `values` by the kernel, packed (values already stored as `dtype`
 * by the kernel), given SQL `values` that are packed or of any numeric array type.
 */
export function spatialFilterKernelSql(values: string, shape: readonly number[], spec: FilterSpec, dtype: DType): string {
  const hex = Buffer.from(encodeFilterSpec(shape, spec, dtype)).toString('hex').toUpperCase();
  return `${SPATIAL_FILTER_FUNCTION}(${values}, X'${hex}')`;
}
