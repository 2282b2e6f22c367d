/**
 * The per-record quantities of a clustering, as `src/udf` expressions, so that both engines use
 * one definition: locally they run on typed arrays (`mapValues`), on Spark they compile to SQL.
 *
 * - label: the index of the nearest center (squared Euclidean distance; ties go to the lowest
 *   index, as MLlib's KMeansModel.predict).
 * - similarity: Pearson's r between the record and a center, 0 when either is constant
 *   (Thunder's `similarity`, which is 0 for constant records).
 * - distance: the Euclidean distance between the record and a center.
 *
 * `center` is input 1 (Spark: a column holding the assigned center) or, locally, the center
 * chosen by the label chain.
 */
import { NDArray } from '../../common/ndarray.js';
import * as E from '../../udf/expr.js';
import type { Expr } from '../../udf/expr.js';
import { corr } from '../../udf/sugar.js';

function squaredDistance(x: Expr, c: Expr): Expr {
  const d = E.binary('sub', x, c);
  return E.reduce('sum', E.binary('mul', d, d));
}

/**
 * Label (as a double) of the nearest of `centers` [k, T]. Ranks the centers by
 * |c|² − 2 c·x (the squared distance minus |x|², which all centers share), as MLlib does, so the
 * k dot products are one matrix–vector product.
 */
export function labelExpr(centers: NDArray): Expr {
  const [k, T] = centers.shape as [number, number];
  const c = Float64Array.from(centers.data);
  const norms = new Float64Array(k);
  for (let j = 0; j < k; j++) for (let t = 0; t < T; t++) norms[j] += c[j * T + t]! * c[j * T + t]!;
  const ranks = E.binary('sub', E.array(norms), E.binary('mul', E.constant(2), E.matvec(c, k, T, E.input(0, T))));
  return argBest(ranks, k, 'lt');
}

/** Index of the smallest ('lt') or largest ('gt') of k scores; ties go to the lowest index. */
export function argBest(scores: Expr, k: number, better: 'lt' | 'gt'): Expr {
  let best: Expr = E.element(0, scores);
  let index: Expr = E.constant(0);
  for (let j = 1; j < k; j++) {
    const s = E.element(j, scores);
    const wins = E.binary(better, s, best);
    index = E.where(wins, E.constant(j), index);
    best = E.where(wins, s, best);
  }
  return index;
}

/** The center whose index is `label` (a scalar expression), as a vector: Cᵀ · onehot(label). */
export function chosenCenter(centers: NDArray, label: Expr): Expr {
  const [k, T] = centers.shape as [number, number];
  const ct = new Float64Array(T * k);
  for (let j = 0; j < k; j++) for (let t = 0; t < T; t++) ct[t * k + j] = centers.data[j * T + t]!;
  const onehot = E.stack(Array.from({ length: k }, (_, j) => E.where(E.binary('eq', label, E.constant(j)), E.constant(1), E.constant(0))));
  return E.matvec(ct, T, k, onehot);
}

export function similarityExpr(T: number, center: Expr = E.input(1, T)): Expr {
  return corr(E.input(0, T), center);
}

export function distanceExpr(T: number, center: Expr = E.input(1, T)): Expr {
  return E.unary('sqrt', squaredDistance(E.input(0, T), center));
}
