/**
 * The expression tree that traced lambdas build. Both back ends (the local evaluator on typed
 * arrays and the Spark SQL compiler) consume exactly these nodes, so anything expressible here
 * gives the same result on both engines.
 *
 * Every node carries a static type: boolean or numeric, scalar (`len === null`) or a vector of a
 * length known at trace time. Lengths are static because every record of an Images or Series has
 * the same length; this lets constructors reject shape mismatches on the driver, before any data
 * is touched, and lets the SQL compiler emit constant indices.
 *
 * The node set is deliberately small: `mean`, `var`, `std`, `dot`, `corr`... are sugar built from
 * these nodes in `trace.ts`, so a back end only implements what is listed here.
 */
import { InvalidArgumentError } from '../common/errors.js';
import type { DType } from '../common/ndarray.js';

export interface ValueType {
  /** Boolean values (comparisons, and/or/not); numeric otherwise. */
  readonly bool: boolean;
  /** Vector length, or `null` for a scalar. */
  readonly len: number | null;
}

export type ReduceFn = 'sum' | 'min' | 'max';
export type UnaryFn = 'neg' | 'abs' | 'sqrt' | 'log' | 'exp' | 'not' | 'isnan';
export type ArithFn = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'atan2';
export type CompareFn = 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne';
export type LogicFn = 'and' | 'or';
export type BinaryFn = ArithFn | CompareFn | LogicFn;

interface Base {
  readonly type: ValueType;
}

/** The record's values (input 0), or the second operand of a two-record lambda (input 1). */
export interface InputNode extends Base { readonly op: 'input'; readonly index: number }
export interface ConstNode extends Base { readonly op: 'const'; readonly value: number }
export interface ArrayNode extends Base { readonly op: 'array'; readonly values: Float64Array }
/** Scalar fold over a vector. sum of [] = 0, min of [] = +Inf, max of [] = -Inf; NaN propagates. */
export interface ReduceNode extends Base { readonly op: 'reduce'; readonly fn: ReduceFn; readonly arg: Expr }
/** numpy's default (linear) percentile; NaN if any element is NaN or the vector is empty. */
export interface PercentileNode extends Base { readonly op: 'percentile'; readonly q: number; readonly arg: Expr }
export interface UnaryNode extends Base { readonly op: 'unary'; readonly fn: UnaryFn; readonly arg: Expr }
export interface BinaryNode extends Base { readonly op: 'binary'; readonly fn: BinaryFn; readonly a: Expr; readonly b: Expr }
/** Elementwise `cond ? a : b` with scalar broadcasting. */
export interface WhereNode extends Base { readonly op: 'where'; readonly cond: Expr; readonly a: Expr; readonly b: Expr }
/** `arg[index]` (0-based, static) as a scalar. */
export interface ElementNode extends Base { readonly op: 'element'; readonly index: number; readonly arg: Expr }
/** `arg[indices[k]]` for static positions (0-based). */
export interface GatherNode extends Base { readonly op: 'gather'; readonly indices: Int32Array; readonly arg: Expr }
/**
 * A strided n-d window of a C-order flattened array: output element at multi-index `o` reads
 * input multi-index `start[d] + step[d] * o[d]`. Covers slices and subsampling compactly
 * (the SQL text does not grow with the number of elements, unlike `gather`).
 */
export interface ViewNode extends Base {
  readonly op: 'view';
  readonly inShape: readonly number[];
  readonly start: readonly number[];
  readonly step: readonly number[];
  readonly outShape: readonly number[];
  readonly arg: Expr;
}
/** Reduce a C-order n-d array along one axis (max/min/sum projection); result is the remaining axes. */
export interface AxisReduceNode extends Base {
  readonly op: 'axisReduce';
  readonly fn: ReduceFn;
  readonly shape: readonly number[];
  readonly axis: number;
  readonly arg: Expr;
}
/** Scalars gathered into a vector. */
export interface StackNode extends Base { readonly op: 'stack'; readonly items: readonly Expr[] }
/** A constant row-major matrix (rows x cols) times a vector of length cols. */
export interface MatVecNode extends Base {
  readonly op: 'matvec';
  readonly matrix: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly arg: Expr;
}
/** Discrete Fourier transform bins 0..bins-1 of a length-n vector: real part or imaginary part. */
export interface DftNode extends Base { readonly op: 'dft'; readonly part: 're' | 'im'; readonly bins: number; readonly arg: Expr }
/**
 * A percentile per position over a moving window.
 * - `mode: 'nearest'` (scipy's percentile_filter, mode='nearest'): window positions
 *   `i - floor(size/2) + k`, k in [0, size), clamped to [0, n-1]; the value is the
 *   `floor(size * q / 100)`-th smallest (no interpolation).
 * - `mode: 'truncate'` (Thunder's 'window-exact'): the window is `[max(i-left, 0), min(i+right+1, n))`
 *   and the value is numpy's linear percentile of it.
 * Either way a window containing NaN gives NaN (both back ends check the sorted window's last element).
 */
export interface MovingPercentileNode extends Base {
  readonly op: 'movingPercentile';
  readonly q: number;
  readonly mode: 'nearest' | 'truncate';
  readonly size: number;
  readonly left: number;
  readonly right: number;
  readonly arg: Expr;
}
/**
 * Conversion to a storage dtype with JavaScript typed-array semantics: integers truncate toward
 * zero and wrap modulo 2^bits, NaN and ±Inf become 0; float32 rounds to nearest.
 */
export interface CastNode extends Base { readonly op: 'cast'; readonly dtype: DType; readonly arg: Expr }

export type Expr =
  | InputNode
  | ConstNode
  | ArrayNode
  | ReduceNode
  | PercentileNode
  | UnaryNode
  | BinaryNode
  | WhereNode
  | ElementNode
  | GatherNode
  | ViewNode
  | AxisReduceNode
  | StackNode
  | MatVecNode
  | DftNode
  | MovingPercentileNode
  | CastNode;

const SCALAR: ValueType = Object.freeze({ bool: false, len: null });
const BOOL: ValueType = Object.freeze({ bool: true, len: null });
const vec = (len: number, bool = false): ValueType => Object.freeze({ bool, len });

/** The direct operands of a node, in a fixed order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.op) {
    case 'input':
    case 'const':
    case 'array':
      return [];
    case 'binary':
      return [e.a, e.b];
    case 'where':
      return [e.cond, e.a, e.b];
    case 'stack':
      return e.items;
    default:
      return [e.arg];
  }
}

/**
 * Every node reachable from `root` exactly once, each after all of its operands, operands left
 * to right (shared
 * sub-expressions appear once). Iterative, so deep chains (long user lambdas) cannot overflow
 * the stack.
 */
export function postOrder(root: Expr): Expr[] {
  const order: Expr[] = [];
  const seen = new Set<Expr>();
  const stack: { e: Expr; done: boolean }[] = [{ e: root, done: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.done) {
      order.push(top.e);
      continue;
    }
    if (seen.has(top.e)) continue;
    seen.add(top.e);
    stack.push({ e: top.e, done: true });
    // Pushed last-first, so operands come out left to right (the order serialize.ts writes).
    const kids = children(top.e);
    for (let k = kids.length - 1; k >= 0; k--) if (!seen.has(kids[k]!)) stack.push({ e: kids[k]!, done: false });
  }
  return order;
}

function requireNumeric(where: string, e: Expr): void {
  if (e.type.bool) throw new InvalidArgumentError(where, 'a numeric traced value (compare with .gt/.lt first only where a boolean is wanted)', 'a boolean');
}

function requireVector(where: string, e: Expr): number {
  if (e.type.len === null) throw new InvalidArgumentError(where, 'a vector (a record, a slice or an elementwise result)', 'a scalar');
  return e.type.len;
}

/** Common length of operands that broadcast scalars against vectors. */
function broadcastLen(where: string, parts: readonly Expr[]): number | null {
  let len: number | null = null;
  for (const p of parts) {
    if (p.type.len === null) continue;
    if (len !== null && p.type.len !== len) {
      throw new InvalidArgumentError(where, `operands of equal length (or scalars); lengths ${len} and ${p.type.len} differ`);
    }
    len = p.type.len;
  }
  return len;
}

export function input(index: number, len: number): InputNode {
  if (!Number.isInteger(len) || len < 0) throw new InvalidArgumentError('record length', 'a non-negative integer', len);
  return { op: 'input', index, type: vec(len) };
}

export function constant(value: number): ConstNode {
  return { op: 'const', value, type: SCALAR };
}

export function array(values: Float64Array): ArrayNode {
  return { op: 'array', values, type: vec(values.length) };
}

export function reduce(fn: ReduceFn, arg: Expr): ReduceNode {
  requireNumeric(fn, arg);
  requireVector(fn, arg);
  return { op: 'reduce', fn, arg, type: SCALAR };
}

export function percentile(q: number, arg: Expr): PercentileNode {
  if (!Number.isFinite(q) || q < 0 || q > 100) throw new InvalidArgumentError('percentile(q)', 'a number in [0, 100]', q);
  requireNumeric('percentile', arg);
  requireVector('percentile', arg);
  return { op: 'percentile', q, arg, type: SCALAR };
}

export function unary(fn: UnaryFn, arg: Expr): UnaryNode {
  if (fn === 'not') {
    if (!arg.type.bool) throw new InvalidArgumentError('not()', 'a boolean traced value (a comparison)', 'a number');
    return { op: 'unary', fn, arg, type: arg.type };
  }
  requireNumeric(fn, arg);
  return { op: 'unary', fn, arg, type: fn === 'isnan' ? { bool: true, len: arg.type.len } : arg.type };
}

const COMPARE = new Set<BinaryFn>(['gt', 'ge', 'lt', 'le', 'eq', 'ne']);
const LOGIC = new Set<BinaryFn>(['and', 'or']);

export function binary(fn: BinaryFn, a: Expr, b: Expr): BinaryNode {
  const len = broadcastLen(fn, [a, b]);
  if (LOGIC.has(fn)) {
    if (!a.type.bool || !b.type.bool) throw new InvalidArgumentError(`${fn}()`, 'boolean operands (comparisons)', 'a number');
    return { op: 'binary', fn, a, b, type: { bool: true, len } };
  }
  requireNumeric(fn, a);
  requireNumeric(fn, b);
  return { op: 'binary', fn, a, b, type: { bool: COMPARE.has(fn), len } };
}

export function where(cond: Expr, a: Expr, b: Expr): WhereNode {
  if (!cond.type.bool) throw new InvalidArgumentError('where(cond)', 'a boolean traced value', 'a number');
  if (a.type.bool !== b.type.bool) throw new InvalidArgumentError('where(a, b)', 'two numeric or two boolean branches');
  const len = broadcastLen('where', [cond, a, b]);
  return { op: 'where', cond, a, b, type: { bool: a.type.bool, len } };
}

export function element(index: number, arg: Expr): ElementNode {
  const n = requireVector('at', arg);
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new InvalidArgumentError('at(i)', `an integer in [-${n}, ${n})`, index);
  return { op: 'element', index, arg, type: { bool: arg.type.bool, len: null } };
}

export function gather(indices: Int32Array, arg: Expr): GatherNode {
  const n = requireVector('gather', arg);
  for (const i of indices) {
    if (i < 0 || i >= n) throw new InvalidArgumentError('positions', `integers in [0, ${n})`, i);
  }
  return { op: 'gather', indices, arg, type: vec(indices.length, arg.type.bool) };
}

export function view(inShape: readonly number[], start: readonly number[], step: readonly number[], outShape: readonly number[], arg: Expr): ViewNode {
  const n = requireVector('view', arg);
  let size = 1;
  for (const d of inShape) size *= d;
  if (size !== n) throw new InvalidArgumentError('view(shape)', `a shape of ${n} elements`, `[${inShape.join(', ')}]`);
  const nd = inShape.length;
  if (start.length !== nd || step.length !== nd || outShape.length !== nd) {
    throw new InvalidArgumentError('view', `start, step and outShape of ${nd} axes`);
  }
  let out = 1;
  for (let d = 0; d < nd; d++) {
    const o = outShape[d]!;
    out *= o;
    if (o > 0 && (start[d]! < 0 || start[d]! + step[d]! * (o - 1) >= inShape[d]! || step[d]! < 1)) {
      throw new InvalidArgumentError(`view axis ${d}`, `a window inside [0, ${inShape[d]})`);
    }
  }
  return { op: 'view', inShape: [...inShape], start: [...start], step: [...step], outShape: [...outShape], arg, type: vec(out, arg.type.bool) };
}

export function axisReduce(fn: ReduceFn, shape: readonly number[], axis: number, arg: Expr): AxisReduceNode {
  const n = requireVector('axisReduce', arg);
  requireNumeric('axisReduce', arg);
  let size = 1;
  for (const d of shape) size *= d;
  if (size !== n) throw new InvalidArgumentError('axisReduce(shape)', `a shape of ${n} elements`, `[${shape.join(', ')}]`);
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new InvalidArgumentError('axis', `an integer in [0, ${shape.length})`, axis);
  }
  return { op: 'axisReduce', fn, shape: [...shape], axis, arg, type: vec(size / (shape[axis] || 1) || 0) };
}

export function stack(items: readonly Expr[]): StackNode {
  for (const it of items) {
    if (it.type.len !== null) throw new InvalidArgumentError('stack', 'scalars', 'a vector');
    requireNumeric('stack', it);
  }
  return { op: 'stack', items: [...items], type: vec(items.length) };
}

export function matvec(matrix: Float64Array, rows: number, cols: number, arg: Expr): MatVecNode {
  const n = requireVector('matvec', arg);
  requireNumeric('matvec', arg);
  if (cols !== n || matrix.length !== rows * cols) {
    throw new InvalidArgumentError('matrix', `${rows} x ${n} values for a record of length ${n}`, `${matrix.length} values with ${cols} columns`);
  }
  return { op: 'matvec', matrix, rows, cols, arg, type: vec(rows) };
}

export function dft(part: 're' | 'im', bins: number, arg: Expr): DftNode {
  const n = requireVector('dft', arg);
  requireNumeric('dft', arg);
  if (!Number.isInteger(bins) || bins < 0 || bins > n) throw new InvalidArgumentError('bins', `an integer in [0, ${n}]`, bins);
  return { op: 'dft', part, bins, arg, type: vec(bins) };
}

export function movingPercentile(
  q: number,
  window: { mode: 'nearest'; size: number } | { mode: 'truncate'; left: number; right: number },
  arg: Expr,
): MovingPercentileNode {
  const n = requireVector('movingPercentile', arg);
  requireNumeric('movingPercentile', arg);
  if (!Number.isFinite(q) || q < 0 || q > 100) throw new InvalidArgumentError('perc', 'a number in [0, 100]', q);
  if (window.mode === 'nearest') {
    if (!Number.isInteger(window.size) || window.size < 1) throw new InvalidArgumentError('window', 'a positive integer', window.size);
    return { op: 'movingPercentile', q, mode: 'nearest', size: window.size, left: 0, right: 0, arg, type: vec(n) };
  }
  if (!Number.isInteger(window.left) || !Number.isInteger(window.right) || window.left < 0 || window.right < 0) {
    throw new InvalidArgumentError('window', 'non-negative integer extents', `${window.left}/${window.right}`);
  }
  return { op: 'movingPercentile', q, mode: 'truncate', size: 0, left: window.left, right: window.right, arg, type: vec(n) };
}

export function cast(dtype: DType, arg: Expr): CastNode {
  requireNumeric('astype', arg);
  return { op: 'cast', dtype, arg, type: arg.type };
}

export const scalarType = SCALAR;
export const boolType = BOOL;

/**
 * Merges structurally identical subtrees (two separate `v.mean()` calls become one node) and folds
 * arithmetic on constants, so each back end computes every distinct value once per record.
 * Constant arrays are compared by content up to 64 elements, by identity beyond.
 */
export function canonicalize(root: Expr): Expr {
  const byKey = new Map<string, Expr>();
  const ids = new Map<Expr, number>();
  const bigArrays = new Map<Float64Array, number>();
  const memo = new Map<Expr, Expr>();

  const id = (e: Expr): number => ids.get(e)!;
  const intern = (e: Expr): Expr => {
    const kids = children(e).map(id).join(',');
    let params: string;
    switch (e.op) {
      case 'input': params = String(e.index) + ':' + e.type.len; break;
      case 'const': params = Object.is(e.value, -0) ? '-0' : String(e.value); break;
      case 'array':
        if (e.values.length <= 64) params = Array.from(e.values, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(',');
        else {
          if (!bigArrays.has(e.values)) bigArrays.set(e.values, bigArrays.size);
          params = `#${bigArrays.get(e.values)}`;
        }
        break;
      case 'reduce': case 'unary': case 'binary': params = e.fn; break;
      case 'percentile': params = String(e.q); break;
      case 'element': params = String(e.index); break;
      case 'gather': params = e.indices.join(','); break;
      case 'view': params = JSON.stringify([e.inShape, e.start, e.step, e.outShape]); break;
      case 'axisReduce': params = `${e.fn}:${e.shape.join('x')}:${e.axis}`; break;
      case 'matvec': {
        if (!bigArrays.has(e.matrix)) bigArrays.set(e.matrix, bigArrays.size);
        params = `${e.rows}x${e.cols}#${bigArrays.get(e.matrix)}`;
        break;
      }
      case 'dft': params = `${e.part}:${e.bins}`; break;
      case 'movingPercentile': params = `${e.q}:${e.mode}:${e.size}:${e.left}:${e.right}`; break;
      case 'cast': params = e.dtype; break;
      default: params = '';
    }
    const key = `${e.op}|${params}|${kids}`;
    const hit = byKey.get(key);
    if (hit) return hit;
    byKey.set(key, e);
    ids.set(e, ids.size);
    return e;
  };

  const rebuild = (e: Expr): Expr => {
    const done = memo.get(e);
    if (done) return done;
    let out: Expr;
    switch (e.op) {
      case 'input': case 'const': case 'array':
        out = e;
        break;
      case 'binary': {
        const a = rebuild(e.a);
        const b = rebuild(e.b);
        out = a.op === 'const' && b.op === 'const' && FOLD[e.fn] ? constant(FOLD[e.fn]!(a.value, b.value)) : a === e.a && b === e.b ? e : { ...e, a, b };
        break;
      }
      case 'where': {
        const [cond, a, b] = [rebuild(e.cond), rebuild(e.a), rebuild(e.b)];
        out = cond === e.cond && a === e.a && b === e.b ? e : { ...e, cond, a, b };
        break;
      }
      case 'stack': {
        const items = e.items.map(rebuild);
        out = items.every((it, i) => it === e.items[i]) ? e : { ...e, items };
        break;
      }
      default: {
        const arg = rebuild(e.arg);
        if (e.op === 'unary' && arg.op === 'const' && (e.fn === 'neg' || e.fn === 'abs' || e.fn === 'sqrt' || e.fn === 'exp' || e.fn === 'log')) {
          const f = { neg: (x: number) => -x, abs: Math.abs, sqrt: Math.sqrt, exp: Math.exp, log: Math.log }[e.fn];
          out = constant(f(arg.value));
        } else out = arg === e.arg ? e : ({ ...e, arg } as Expr);
      }
    }
    const canon = intern(out);
    memo.set(e, canon);
    return canon;
  };
  // Post-order iteration keeps very deep lambdas off the call stack.
  const stack: { e: Expr; done: boolean }[] = [{ e: root, done: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (memo.has(top.e)) continue;
    if (top.done) { rebuild(top.e); continue; }
    stack.push({ e: top.e, done: true });
    for (const c of children(top.e)) if (!memo.has(c)) stack.push({ e: c, done: false });
  }
  return memo.get(root)!;
}

/** Arithmetic folded at trace time; must match `numeric.ts` exactly (it is the same definition). */
const FOLD: Partial<Record<BinaryFn, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => (b === 0 ? (a > 0 ? Infinity : a < 0 ? -Infinity : NaN) : a / b),
  pow: Math.pow,
};
