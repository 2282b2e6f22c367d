/**
 * Series methods as udf expressions over one record of length T (Thunder 1.x semantics). Because
 * they are expressions, both engines evaluate exactly these definitions: the local evaluator
 * runs them on typed arrays and the Spark engine compiles them to SQL.
 */
import { QrDecomposition, Matrix } from 'ml-matrix';
import { InvalidArgumentError } from '../common/errors.js';
import * as E from '../udf/expr.js';
import type { Expr } from '../udf/expr.js';
import * as S from '../udf/sugar.js';

const record = (T: number): Expr => E.input(0, T);
const c = E.constant;

export function center(T: number): Expr {
  const x = record(T);
  return E.binary('sub', x, S.mean(x));
}

/** x / std(x); a constant record divides by 0 (±Inf, or NaN where x is 0). */
export function standardize(T: number): Expr {
  const x = record(T);
  return E.binary('div', x, S.std(x));
}

export function zscore(T: number): Expr {
  const x = record(T);
  return E.binary('div', E.binary('sub', x, S.mean(x)), S.std(x));
}

/** Records whose maximum is below `threshold` become all zeros. */
export function squelch(T: number, threshold: number): Expr {
  const x = record(T);
  return E.where(E.binary('lt', E.reduce('max', x), c(threshold)), c(0), x);
}

export type NormalizeMethod = 'percentile' | 'mean' | 'window' | 'window-exact';

/** (y − b) / (b + offset) with Thunder's four baselines (see `Series.normalize`). */
export function normalize(T: number, method: NormalizeMethod, perc: number, window: number, offset: number): Expr {
  const x = record(T);
  let b: Expr;
  switch (method) {
    case 'mean':
      b = S.mean(x);
      break;
    case 'percentile':
      b = E.percentile(perc, x);
      break;
    case 'window':
      b = E.movingPercentile(perc, { mode: 'nearest', size: window }, x);
      break;
    case 'window-exact': {
      // Thunder: odd windows reach ceil(w/2) back and one further forward.
      const left = window % 2 === 1 ? Math.ceil(window / 2) : window / 2;
      const right = window % 2 === 1 ? left + 1 : left;
      b = E.movingPercentile(perc, { mode: 'truncate', left, right }, x);
      break;
    }
    default:
      throw new InvalidArgumentError('normalize(method)', "one of 'percentile', 'mean', 'window', 'window-exact'", method);
  }
  return E.binary('div', E.binary('sub', x, b), E.binary('add', b, c(offset)));
}

function checkSignal(where: string, signal: ArrayLike<number>, T: number): Float64Array {
  if (signal.length !== T) throw new InvalidArgumentError(where, `a signal of length ${T} (the series length)`, signal.length);
  const s = Float64Array.from(signal);
  if (s.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(where, 'finite numbers', 'NaN or ±Inf');
  return s;
}

/** Pearson's r with each signal (0 for constant records): a scalar for one signal, a vector for several. */
export function correlate(T: number, signals: readonly ArrayLike<number>[], single: boolean): Expr {
  const x = record(T);
  const rs = signals.map((s) => S.corr(x, E.array(checkSignal('correlate(signal)', s, T))));
  return single ? rs[0]! : E.stack(rs);
}

/**
 * Thunder's crosscorr: the signal is centred and scaled to unit norm, shifted by -lag..lag with
 * zero fill; each shift is dotted with the centred, unit-norm record (a constant record gives 0s).
 */
export function crosscorr(T: number, signal: ArrayLike<number>, lag: number): Expr {
  const s = checkSignal('crosscorr(signal)', signal, T);
  if (!Number.isInteger(lag) || lag < 0 || lag >= T) throw new InvalidArgumentError('crosscorr(lag)', `an integer in [0, ${T})`, lag);
  const m = s.reduce((a, b) => a + b, 0) / T;
  let norm = 0;
  for (let i = 0; i < T; i++) {
    s[i] = s[i]! - m;
    norm += s[i]! * s[i]!;
  }
  norm = Math.sqrt(norm);
  if (norm === 0) throw new InvalidArgumentError('crosscorr(signal)', 'a non-constant signal', 'a constant signal');
  const rows = 2 * lag + 1;
  const matrix = new Float64Array(rows * T);
  for (let r = 0; r < rows; r++) {
    const shift = r - lag;
    for (let t = 0; t < T; t++) {
      const src = t - shift;
      if (src >= 0 && src < T) matrix[r * T + t] = s[src]! / norm;
    }
  }
  const x = record(T);
  const y = E.binary('sub', x, S.mean(x));
  const n = E.unary('sqrt', S.dot(y, y));
  return E.where(E.binary('eq', n, c(0)), c(0), E.matvec(matrix, rows, T, E.binary('div', y, n)));
}

/** [coherence, phase] at digital frequency `freq` of the mean-subtracted record (Thunder's fourier). */
export function fourier(T: number, freq: number): Expr {
  const bins = Math.trunc(T / 2);
  if (!Number.isInteger(freq) || freq < 0 || freq >= bins) {
    throw new InvalidArgumentError('fourier(freq)', `an integer in [0, ${bins}) (less than half the series length)`, freq);
  }
  const x = record(T);
  const y = E.binary('sub', x, S.mean(x));
  const re = E.dft('re', bins, y);
  const im = E.dft('im', bins, y);
  const amp = E.binary('div', E.binary('mul', c(2), E.unary('sqrt', E.binary('add', E.binary('mul', re, re), E.binary('mul', im, im)))), c(T));
  const ampSum = E.unary('sqrt', E.reduce('sum', E.binary('mul', amp, amp)));
  const co = E.binary('div', E.element(freq, amp), ampSum);
  const ph0 = E.binary('sub', c(-Math.PI / 2), E.binary('atan2', E.element(freq, im), E.element(freq, re)));
  const ph = E.where(E.binary('lt', ph0, c(0)), E.binary('add', ph0, c(Math.PI * 2)), ph0);
  return E.stack([co, ph]);
}

export type ConvolveMode = 'full' | 'same' | 'valid';

/** numpy.convolve(record, signal, mode) as a constant Toeplitz matrix; returns [expr, output length]. */
export function convolve(T: number, signal: ArrayLike<number>, mode: ConvolveMode): { expr: Expr; length: number } {
  const m = signal.length;
  if (m === 0 || T === 0) throw new InvalidArgumentError('convolve(signal)', 'a non-empty signal and series', m);
  const s = Float64Array.from(signal);
  const short = Math.min(T, m);
  let length: number;
  let offset: number;
  if (mode === 'full') [length, offset] = [T + m - 1, 0];
  else if (mode === 'same') [length, offset] = [Math.max(T, m), short - 1 - Math.floor(short / 2)];
  else if (mode === 'valid') [length, offset] = [Math.max(T, m) - short + 1, short - 1];
  else throw new InvalidArgumentError('convolve(mode)', "'full', 'same' or 'valid'", mode);
  const matrix = new Float64Array(length * T);
  for (let k = 0; k < length; k++) {
    for (let j = 0; j < T; j++) {
      const q = offset + k - j;
      if (q >= 0 && q < m) matrix[k * T + j] = s[q]!;
    }
  }
  return { expr: E.matvec(matrix, length, T, record(T)), length };
}

/**
 * Removes a least-squares polynomial trend but keeps its intercept (Thunder's detrend):
 * y − Σ_{k≥1} c_k t^k. The coefficients are linear in y, so they are dot products with constant
 * rows of the pseudo-inverse (computed here on a scaled time axis for conditioning).
 */
export function detrend(T: number, method: 'linear' | 'nonlinear', order: number): Expr {
  if (method !== 'linear' && method !== 'nonlinear') throw new InvalidArgumentError('detrend(method)', "'linear' or 'nonlinear'", method);
  const deg = method === 'linear' ? 1 : order;
  if (!Number.isInteger(deg) || deg < 1 || deg >= T) throw new InvalidArgumentError('detrend(order)', `an integer in [1, ${T - 1}]`, deg);
  const scale = Math.max(T - 1, 1);
  const V = new Matrix(T, deg + 1);
  for (let t = 0; t < T; t++) for (let k = 0; k <= deg; k++) V.set(t, k, Math.pow(t / scale, k));
  const pinv = new QrDecomposition(V).solve(Matrix.eye(T, T));
  const x = record(T);
  let trend: Expr | undefined;
  for (let k = 1; k <= deg; k++) {
    const coef = S.dot(x, E.array(Float64Array.from(pinv.getRow(k))));
    const basis = new Float64Array(T);
    for (let t = 0; t < T; t++) basis[t] = Math.pow(t / scale, k);
    const term = E.binary('mul', E.array(basis), coef);
    trend = trend ? E.binary('add', trend, term) : term;
  }
  return E.binary('sub', x, trend!);
}

/** Elementwise mean of equal-length windows at the given start positions. */
export function meanOfWindows(T: number, starts: readonly number[], window: number): Expr {
  const x = record(T);
  let total: Expr | undefined;
  for (const s of starts) {
    const w = E.view([T], [s], [1], [window], x);
    total = total ? E.binary('add', total, w) : w;
  }
  return E.binary('div', total!, c(starts.length));
}

/** Means of consecutive blocks of `factor` values (a trailing partial block is dropped). */
export function downsample(T: number, factor: number): { expr: Expr; length: number } {
  if (!Number.isInteger(factor) || factor < 1) throw new InvalidArgumentError('downsample(factor)', 'a positive integer', factor);
  const length = Math.floor(T / factor);
  if (length === 0) throw new InvalidArgumentError('downsample(factor)', `at most the series length ${T}`, factor);
  const x = record(T);
  let total: Expr | undefined;
  for (let k = 0; k < factor; k++) {
    const w = E.view([T], [k], [factor], [length], x);
    total = total ? E.binary('add', total, w) : w;
  }
  return { expr: E.binary('div', total!, c(factor)), length };
}
