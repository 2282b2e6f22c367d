/** Conversions of user-supplied arrays (NDArray, lists of NDArrays, nested JS arrays) into NDArrays. */
import { InvalidArgumentError } from '../common/errors.js';
import { NDArray, sizeOf, typedArrayFor } from '../common/ndarray.js';

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

/** An NDArray from any accepted form. */
export function toNDArray(value: unknown, where: string): NDArray {
  if (value instanceof NDArray) return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof NDArray)) return stack(value as NDArray[], where);
  return fromNested(value, where);
}
