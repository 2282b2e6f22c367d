/**
 * Coercion of user arrays (NDArray, typed arrays, nested arrays) into one dense
 * row-major form, with the shape checks every builder needs. Every failure is an
 * InvalidArgumentError naming the builder's argument, so users never see an
 * `undefined` deep inside Vega.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { NDArray, type TypedArray } from '../common/ndarray.js';
import type { ArrayInput, NestedNumbers } from './types.js';

/** A dense row-major array: `data.length` equals the product of `shape`. */
export interface Dense {
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

/** NDArray's element types are kept as they are (no copy); other numeric typed arrays are widened to float64. */
function numericView(view: ArrayBufferView, arg: string): TypedArray {
  if (
    view instanceof Float64Array ||
    view instanceof Float32Array ||
    view instanceof Int32Array ||
    view instanceof Int16Array ||
    view instanceof Uint16Array ||
    view instanceof Uint8Array
  ) {
    return view;
  }
  if (view instanceof DataView || view instanceof BigInt64Array || view instanceof BigUint64Array) {
    throw new InvalidArgumentError(arg, 'a typed array of numbers (not a DataView or BigInt array)', view);
  }
  return Float64Array.from(view as unknown as ArrayLike<number>);
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    ArrayBuffer.isView(value) ||
    (typeof value === 'object' && value !== null && typeof (value as { length?: unknown }).length === 'number')
  );
}

function shapeText(shape: readonly number[]): string {
  return `shape [${shape.join(', ')}]`;
}

/** Any accepted input as a dense array; nested arrays must be rectangular and hold only numbers. */
export function toDense(input: ArrayInput, arg: string): Dense {
  if (input instanceof NDArray) return { shape: input.shape, data: input.data };
  if (ArrayBuffer.isView(input)) {
    const data = numericView(input, arg);
    return { shape: [data.length], data };
  }
  if (!isArrayLike(input)) throw new InvalidArgumentError(arg, 'an NDArray, a typed array or a (nested) array of numbers', input);

  const shape: number[] = [];
  let level: unknown = input;
  while (isArrayLike(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let offset = 0;
  const fill = (node: unknown, depth: number, path: string): void => {
    if (!isArrayLike(node) || node.length !== shape[depth]) {
      throw new InvalidArgumentError(`${arg}${path}`, `a rectangular array: length ${shape[depth]} at depth ${depth}`, node);
    }
    if (depth === shape.length - 1) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v !== 'number') throw new InvalidArgumentError(`${arg}${path}[${i}]`, 'a number', v);
        data[offset++] = v;
      }
      return;
    }
    for (let i = 0; i < node.length; i++) fill(node[i], depth + 1, `${path}[${i}]`);
  };
  if (size > 0) fill(input as NestedNumbers, 0, '');
  return { shape, data };
}

/** Requires exactly `ndim` axes, none of them empty. */
export function expectShape(dense: Dense, ndim: number, arg: string, what: string): Dense {
  if (dense.shape.length !== ndim) throw new InvalidArgumentError(arg, what, shapeText(dense.shape));
  if (dense.shape.some((d) => d === 0)) throw new InvalidArgumentError(arg, `${what} with no empty axis`, shapeText(dense.shape));
  return dense;
}

/** A 2-D array `[rows, cols]`, non-empty. */
export function toMatrix(input: ArrayInput, arg: string): Dense {
  return expectShape(toDense(input, arg), 2, arg, 'a 2-D array [rows, cols]');
}

/** A non-empty 1-D array of numbers. */
export function toVector(input: ArrayInput, arg: string): TypedArray {
  return expectShape(toDense(input, arg), 1, arg, 'a non-empty 1-D array of numbers').data;
}

/** A `[n, dims]` point cloud, non-empty. */
export function toPoints(input: ArrayInput, dims: number, arg: string): Dense {
  const dense = toDense(input, arg);
  const what = `a 2-D array of points [n, ${dims}]`;
  expectShape(dense, 2, arg, what);
  if (dense.shape[1] !== dims) throw new InvalidArgumentError(arg, what, shapeText(dense.shape));
  return dense;
}

/** Smallest and largest finite values, or undefined when there is none. */
export function finiteRange(data: ArrayLike<number>): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // NaN never wins a comparison, but ±Infinity does: only finite extremes count.
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = Infinity;
    max = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : undefined;
}
