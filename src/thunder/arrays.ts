/** Conversions of user-supplied arrays (NDArray, lists of NDArrays, nested JS arrays) into NDArrays. */
import { InvalidArgumentError } from '../common/errors.js';
import { NDArray, roundToHalf, sizeOf, toInt64, typedArrayFor } from '../common/ndarray.js';

function nestedShape(value: unknown, where: string): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  if (shape.length === 0 || (typeof v !== 'number' && sizeOf(shape) !== 0)) throw new InvalidArgumentError(where, 'an NDArray or nested arrays of numbers', value);
  return shape;
}

/** Nested arrays of numbers as a float64 NDArray; throws naming `where` if ragged or non-numeric. */
export function fromNested(value: unknown, where: string): NDArray {
  const shape = nestedShape(value, where);
  const out = new Float64Array(sizeOf(shape));
  let k = 0;
  const fill = (v: unknown, axis: number): void => {
    if (axis === shape.length) {
      if (typeof v !== 'number') throw new InvalidArgumentError(where, 'numbers', v);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) throw new InvalidArgumentError(where, `a rectangular array of shape [${shape.join(', ')}]`, v);
    for (const x of v) fill(x, axis + 1);
  };
  fill(value, 0);
  return new NDArray(out, shape);
}

/** Stacks equally shaped, equally typed arrays along a new first axis. */
export function stack(items: readonly NDArray[], where: string, name: (i: number) => string = (i) => `item ${i}`): NDArray {
  if (items.length === 0) throw new InvalidArgumentError(where, 'at least one array', 'none');
  const first = items[0]!;
  const size = first.size;
  const out = typedArrayFor(first.dtype, items.length * size);
  items.forEach((it, i) => {
    if (it.dtype !== first.dtype || it.shape.join() !== first.shape.join()) {
      throw new InvalidArgumentError(where, `arrays of one shape and dtype ([${first.shape.join(', ')}] ${first.dtype}, as ${name(0)})`, `[${it.shape.join(', ')}] ${it.dtype} in ${name(i)}`);
    }
    out.set(it.data, i * size);
  });
  return new NDArray(out, [items.length, ...first.shape]);
}

/**
 * Throws `InvalidArgumentError` naming `where` unless an int64 or float16 array holds what those
 * dtypes promise (typed-array writes into `Int64Values`/`Float16Values` do not convert): int64
 * integers within ±(2^53 − 1), float16 exact halves (NaN, ±Inf allowed). Other dtypes pass.
 */
export function checkStoredValues(arr: NDArray, where: string): NDArray {
  if (arr.dtype !== 'int64' && arr.dtype !== 'float16') return arr;
  const ok = arr.dtype === 'int64' ? (x: number) => toInt64(x) === x : (x: number) => x !== x || roundToHalf(x) === x;
  const expected = arr.dtype === 'int64' ? 'int64 values: integers within ±(2^53 − 1)' : 'float16 values: exact half-precision numbers (convert with roundToHalf)';
  const data = arr.data;
  for (let i = 0; i < data.length; i++) if (!ok(data[i]!)) throw new InvalidArgumentError(where, expected, `${data[i]} at element ${i}`);
  return arr;
}

/** An NDArray from any accepted form; int64/float16 values are checked (`checkStoredValues`). */
export function toNDArray(value: unknown, where: string): NDArray {
  if (value instanceof NDArray) return checkStoredValues(value, where);
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof NDArray)) return checkStoredValues(stack(value as NDArray[], where), where);
  return fromNested(value, where);
}
