/**
 * gaussian/uniform/median filters as SQL over each image row (the flattened C-order array), with
 * the local engine's semantics (`local/filters.ts`): scipy's 'reflect' edges, separable passes
 * that accumulate in the same order with the same weights (so results are bit-identical), and for
 * integer dtypes each pass stored in the dtype before the next. Neighbours are all within one
 * image, so this needs no shuffle; each pass is bound once (a let) before the next reads it.
 */
import { sizeOf, type DType } from '../../common/ndarray.js';
import { castText, lit } from '../../udf/spark-sql.js';
import type { FilterSpec } from '../engine.js';
import { gaussianKernel } from '../local/filters.js';
import { letIn } from './expressions.js';

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d]!;
  }
  return out;
}

/** SQL of scipy's 'reflect' index (d c b a | a b c d | d c b a) of the integer SQL `j` on an axis of n. */
function reflect(j: string, n: number): string {
  if (n === 1) return '0';
  return `(CASE WHEN pmod(${j}, ${2 * n}) < ${n} THEN pmod(${j}, ${2 * n}) ELSE ${2 * n - 1} - pmod(${j}, ${2 * n}) END)`;
}

/** One separable pass along `axis` over the array<double> bound to `img`. */
function pass(img: string, shape: readonly number[], axis: number, weights: Float64Array, origin: number, divisor: number): string {
  const n = shape[axis]!;
  const inner = strides(shape)[axis]!;
  const c = `((p div ${inner}) % ${n})`;
  const src = `element_at(${img}, CAST(p + (${reflect(`${c} - ${origin} + k`, n)} - ${c}) * ${inner} + 1 AS INT))`;
  const w = `array(${Array.from(weights, lit).join(', ')})`;
  const acc = `aggregate(sequence(0, ${weights.length - 1}), 0D, (acc, k) -> acc + element_at(${w}, k + 1) * ${src})`;
  return `transform(sequence(0, ${sizeOf(shape) - 1}), p -> ${divisor === 1 ? acc : `${acc} / ${lit(divisor)}`})`;
}

function median(img: string, shape: readonly number[], sizes: readonly number[]): string {
  const st = strides(shape);
  const wst = strides(sizes);
  const total = sizeOf(sizes);
  const terms = shape.map((n, d) => {
    const c = `((p div ${st[d]}) % ${n})`;
    if (sizes[d] === 1) return `${c} * ${st[d]}`;
    const off = `((w div ${wst[d]}) % ${sizes[d]})`;
    return `${reflect(`${c} - ${Math.floor(sizes[d]! / 2)} + ${off}`, n)} * ${st[d]}`;
  });
  const window = `transform(sequence(0, ${total - 1}), w -> element_at(${img}, CAST(1 + ${terms.join(' + ')} AS INT)))`;
  return `transform(sequence(0, ${sizeOf(shape) - 1}), p -> element_at(array_sort(${window}), ${Math.floor(total / 2) + 1}))`;
}

/** SQL of the filtered image (array<double>) given SQL `doubles` of the image as array<double>. */
export function filterSql(doubles: string, shape: readonly number[], spec: FilterSpec, dtype: DType): string {
  if (spec.kind === 'median') {
    return letIn(doubles, '_f0', median('_f0', shape, spec.size.map((s) => Math.max(1, Math.floor(s)))));
  }
  const passes: ((img: string) => string)[] = [];
  for (let axis = 0; axis < shape.length; axis++) {
    let step: ((img: string) => string) | undefined;
    if (spec.kind === 'gaussian') {
      const sigma = spec.sigma[axis]!;
      if (!(sigma > 1e-15)) continue;
      const w = gaussianKernel(sigma);
      step = (img) => pass(img, shape, axis, w, (w.length - 1) / 2, 1);
    } else {
      const s = Math.floor(spec.size[axis]!);
      if (s <= 1) continue;
      step = (img) => pass(img, shape, axis, new Float64Array(s).fill(1), Math.floor(s / 2), s);
    }
    passes.push(dtype === 'float64' ? step : (img) => `transform(${step(img)}, x -> ${castText(dtype, 'x')})`);
  }
  // Innermost first: pass k reads _f{k} and its result is bound to _f{k+1}.
  let body = `_f${passes.length}`;
  for (let k = passes.length - 1; k >= 0; k--) body = letIn(passes[k]!('_f' + k), `_f${k + 1}`, body);
  return letIn(doubles, '_f0', body);
}
