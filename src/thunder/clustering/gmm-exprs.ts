/**
 * Posterior probabilities and labels of a Gaussian mixture as `src/udf` expressions (applied to
 * local Series, or to any Series with a locally fitted model):
 * log p_j(x) = log w_j − ½(T log 2π + log|Σ_j|) − ½ (x−μ_j)ᵀ Σ_j⁻¹ (x−μ_j), normalised with a
 * max-shifted softmax. The label is the most probable component (lowest index on ties).
 */
import { Matrix, inverse, determinant } from 'ml-matrix';
import * as E from '../../udf/expr.js';
import type { Expr } from '../../udf/expr.js';
import { argBest } from './exprs.js';
import { REG_COVAR } from './local/gmm.js';

export interface MixtureParams {
  readonly k: number;
  readonly T: number;
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
}

/** The local fit's regularisation, so that predictions use the densities it fitted. */
const RIDGE = REG_COVAR;

export function probabilityExpr(g: MixtureParams): Expr {
  const { k, T } = g;
  const x = E.input(0, T);
  const logs: Expr[] = [];
  for (let j = 0; j < k; j++) {
    const m = new Matrix(T, T);
    for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) m.set(a, b, g.covariances[j * T * T + a * T + b]! + (a === b ? RIDGE : 0));
    const precision = Float64Array.from(inverse(m).to1DArray());
    const logNorm = Math.log(g.weights[j]!) - 0.5 * (T * Math.log(2 * Math.PI) + Math.log(determinant(m)));
    const d = E.binary('sub', x, E.array(g.means.slice(j * T, (j + 1) * T)));
    const q = E.reduce('sum', E.binary('mul', d, E.matvec(precision, T, T, d)));
    logs.push(E.binary('sub', E.constant(logNorm), E.binary('mul', E.constant(0.5), q)));
  }
  const lp = E.stack(logs);
  const shifted = E.unary('exp', E.binary('sub', lp, E.reduce('max', lp)));
  return E.binary('div', shifted, E.reduce('sum', shifted));
}

export function mostProbableExpr(probabilities: Expr, k: number): Expr {
  return argBest(probabilities, k, 'gt');
}
