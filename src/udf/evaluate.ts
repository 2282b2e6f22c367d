/**
 * Local back end: compiles an expression DAG once into a list of steps over preallocated slots,
 * then evaluates it per record with no allocation (vector lengths are static). Shared subtrees
 * (the same node object reached twice) are computed once per record.
 *
 * Semantics are those of `numeric.ts`; booleans are stored as 1/0.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { canonicalize, postOrder, type Expr } from './expr.js';
import { arith, caster, compare, dftAngle, rankFilterRank, sortedPercentile } from './numeric.js';

type Step = () => void;

/** An expression compiled for repeated evaluation on typed arrays. */
export class LocalProgram {
  /** Output length for vector results, `null` for a scalar result. */
  readonly outputLength: number | null;
  /** True when the result is boolean (a filter predicate). */
  readonly outputBool: boolean;
  private readonly steps: Step[] = [];
  private readonly scal: Float64Array;
  private readonly vecs: Float64Array[] = [];
  private readonly inputSlots: { slot: number; index: number; len: number }[] = [];
  private readonly root: { vector: boolean; slot: number };

  constructor(traced: Expr) {
    const expr = canonicalize(traced);
    const slots = new Map<Expr, number>();
    let nScalars = 0;
    const order = postOrder(expr);
    for (const e of order) {
      if (e.type.len === null) slots.set(e, nScalars++);
      else {
        slots.set(e, this.vecs.length);
        this.vecs.push(new Float64Array(e.op === 'input' ? 0 : e.type.len));
      }
    }
    this.scal = new Float64Array(nScalars);
    for (const e of order) this.steps.push(...this.stepFor(e, slots));
    this.root = { vector: expr.type.len !== null, slot: slots.get(expr)! };
    this.outputLength = expr.type.len;
    this.outputBool = expr.type.bool;
  }

  /**
   * Evaluates on one record (and a second one for two-record lambdas). A vector result is a
   * buffer owned by the program and overwritten by the next call: copy it out before reusing.
   */
  run(inputs: readonly Float64Array[]): number | Float64Array {
    for (const { slot, index, len } of this.inputSlots) {
      const v = inputs[index];
      if (!v || v.length !== len) throw new InvalidArgumentError(`record ${index}`, `${len} values`, v);
      this.vecs[slot] = v;
    }
    for (const s of this.steps) s();
    return this.root.vector ? this.vecs[this.root.slot]! : this.scal[this.root.slot]!;
  }

  private stepFor(e: Expr, slots: Map<Expr, number>): Step[] {
    const scal = this.scal;
    const vecs = this.vecs;
    const at = (c: Expr): number => slots.get(c)!;
    const me = at(e);
    const out = (): Float64Array => vecs[me]!;
    /** Reader of operand `c` at element i, broadcasting scalars. */
    const reader = (c: Expr): ((i: number) => number) => {
      const s = at(c);
      return c.type.len === null ? () => scal[s]! : (i) => vecs[s]![i]!;
    };
    switch (e.op) {
      case 'input':
        this.inputSlots.push({ slot: me, index: e.index, len: e.type.len! });
        return [];
      case 'const':
        return [() => void (scal[me] = e.value)];
      case 'array':
        vecs[me] = e.values;
        return [];
      case 'reduce': {
        const src = at(e.arg);
        const fn = e.fn;
        return [
          () => {
            const v = vecs[src]!;
            scal[me] = fn === 'sum' ? sumOf(v) : fn === 'min' ? minOf(v) : maxOf(v);
          },
        ];
      }
      case 'percentile': {
        const src = at(e.arg);
        const sorted = new Float64Array(e.arg.type.len!);
        return [
          () => {
            sorted.set(vecs[src]!);
            sorted.sort();
            scal[me] = sortedPercentile(sorted, sorted.length, e.q);
          },
        ];
      }
      case 'unary': {
        const f = unaryFn(e.fn);
        const src = at(e.arg);
        if (e.type.len === null) return [() => void (scal[me] = f(scal[src]!))];
        return [
          () => {
            const v = vecs[src]!;
            const o = out();
            for (let i = 0; i < o.length; i++) o[i] = f(v[i]!);
          },
        ];
      }
      case 'binary': {
        const f = binaryOf(e.fn);
        const ra = reader(e.a);
        const rb = reader(e.b);
        if (e.type.len === null) return [() => void (scal[me] = f(ra(0), rb(0)))];
        return [
          () => {
            const o = out();
            for (let i = 0; i < o.length; i++) o[i] = f(ra(i), rb(i));
          },
        ];
      }
      case 'where': {
        const rc = reader(e.cond);
        const ra = reader(e.a);
        const rb = reader(e.b);
        if (e.type.len === null) return [() => void (scal[me] = rc(0) !== 0 ? ra(0) : rb(0))];
        return [
          () => {
            const o = out();
            for (let i = 0; i < o.length; i++) o[i] = rc(i) !== 0 ? ra(i) : rb(i);
          },
        ];
      }
      case 'element': {
        const src = at(e.arg);
        return [() => void (scal[me] = vecs[src]![e.index]!)];
      }
      case 'gather':
        return [gatherStep(vecs, at(e.arg), me, e.indices)];
      case 'view':
        return [gatherStep(vecs, at(e.arg), me, viewIndices(e.inShape, e.start, e.step, e.outShape))];
      case 'axisReduce': {
        const src = at(e.arg);
        const na = e.shape[e.axis]!;
        let inner = 1;
        for (let d = e.axis + 1; d < e.shape.length; d++) inner *= e.shape[d]!;
        const outer = e.type.len! / (inner || 1) || 0;
        const fn = e.fn;
        return [
          () => {
            const v = vecs[src]!;
            const o = out();
            for (let p = 0; p < outer; p++) {
              for (let i = 0; i < inner; i++) {
                let acc = fn === 'sum' ? 0 : fn === 'min' ? Infinity : -Infinity;
                const base = p * na * inner + i;
                for (let k = 0; k < na; k++) {
                  const x = v[base + k * inner]!;
                  acc = fn === 'sum' ? acc + x : x !== x || acc !== acc ? NaN : fn === 'min' ? (x < acc ? x : acc) : x > acc ? x : acc;
                }
                o[p * inner + i] = acc;
              }
            }
          },
        ];
      }
      case 'stack': {
        const items = e.items.map(at);
        return [
          () => {
            const o = out();
            for (let k = 0; k < items.length; k++) o[k] = scal[items[k]!]!;
          },
        ];
      }
      case 'matvec': {
        const src = at(e.arg);
        const { matrix, rows, cols } = e;
        return [
          () => {
            const v = vecs[src]!;
            const o = out();
            for (let r = 0; r < rows; r++) {
              let acc = 0;
              for (let c = 0; c < cols; c++) acc += matrix[r * cols + c]! * v[c]!;
              o[r] = acc;
            }
          },
        ];
      }
      case 'dft': {
        const src = at(e.arg);
        const n = e.arg.type.len!;
        const sign = e.part === 're' ? 1 : -1;
        const trig = e.part === 're' ? Math.cos : Math.sin;
        return [
          () => {
            const v = vecs[src]!;
            const o = out();
            for (let k = 0; k < e.bins; k++) {
              let acc = 0;
              for (let t = 0; t < n; t++) acc += v[t]! * trig(dftAngle(k, t, n));
              o[k] = sign * acc;
            }
          },
        ];
      }
      case 'movingPercentile': {
        const src = at(e.arg);
        const n = e.arg.type.len!;
        const win = new Float64Array(e.mode === 'nearest' ? e.size : e.left + e.right + 1);
        const half = Math.floor(e.size / 2);
        const rank = rankFilterRank(e.size, e.q);
        return [
          () => {
            const v = vecs[src]!;
            const o = out();
            for (let i = 0; i < n; i++) {
              if (e.mode === 'nearest') {
                for (let k = 0; k < e.size; k++) win[k] = v[Math.min(Math.max(i - half + k, 0), n - 1)]!;
                win.sort();
                o[i] = Number.isNaN(win[e.size - 1]!) ? NaN : win[rank]!;
              } else {
                const lo = Math.max(i - e.left, 0);
                const hi = Math.min(i + e.right + 1, n);
                const w = win.subarray(0, hi - lo);
                w.set(v.subarray(lo, hi));
                w.sort();
                o[i] = sortedPercentile(w, w.length, e.q);
              }
            }
          },
        ];
      }
      case 'cast': {
        const f = caster(e.dtype);
        const src = at(e.arg);
        if (e.type.len === null) return [() => void (scal[me] = f(scal[src]!))];
        return [
          () => {
            const v = vecs[src]!;
            const o = out();
            for (let i = 0; i < o.length; i++) o[i] = f(v[i]!);
          },
        ];
      }
    }
  }
}

function gatherStep(vecs: Float64Array[], src: number, me: number, idx: Int32Array): Step {
  return () => {
    const v = vecs[src]!;
    const o = vecs[me]!;
    for (let k = 0; k < idx.length; k++) o[k] = v[idx[k]!]!;
  };
}

/** Flat source positions of a strided n-d view (C order). */
export function viewIndices(inShape: readonly number[], start: readonly number[], step: readonly number[], outShape: readonly number[]): Int32Array {
  const nd = inShape.length;
  let total = 1;
  for (const d of outShape) total *= d;
  const idx = new Int32Array(total);
  const inStride = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    inStride[d] = s;
    s *= inShape[d]!;
  }
  const o = new Array<number>(nd).fill(0);
  for (let k = 0; k < total; k++) {
    let p = 0;
    for (let d = 0; d < nd; d++) p += (start[d]! + step[d]! * o[d]!) * inStride[d]!;
    idx[k] = p;
    for (let d = nd - 1; d >= 0; d--) {
      if (++o[d]! < outShape[d]!) break;
      o[d] = 0;
    }
  }
  return idx;
}

function sumOf(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
}

function minOf(v: Float64Array): number {
  let m = Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x) return NaN;
    if (x < m) m = x;
  }
  return m;
}

function maxOf(v: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x) return NaN;
    if (x > m) m = x;
  }
  return m;
}

function unaryFn(fn: 'neg' | 'abs' | 'sqrt' | 'log' | 'exp' | 'not' | 'isnan'): (x: number) => number {
  switch (fn) {
    case 'neg':
      return (x) => -x;
    case 'abs':
      return Math.abs;
    case 'sqrt':
      return Math.sqrt;
    case 'log':
      return Math.log;
    case 'exp':
      return Math.exp;
    case 'not':
      return (x) => (x !== 0 ? 0 : 1);
    case 'isnan':
      return (x) => (x !== x ? 1 : 0);
  }
}

function binaryOf(fn: keyof typeof arith | keyof typeof compare | 'and' | 'or'): (a: number, b: number) => number {
  if (fn === 'and') return (a, b) => (a !== 0 && b !== 0 ? 1 : 0);
  if (fn === 'or') return (a, b) => (a !== 0 || b !== 0 ? 1 : 0);
  if (fn in compare) {
    const c = compare[fn as keyof typeof compare];
    return (a, b) => (c(a, b) ? 1 : 0);
  }
  return arith[fn as keyof typeof arith];
}

/** Evaluates an expression once (tests, small data); engines should keep a `LocalProgram`. */
export function evaluate(expr: Expr, ...inputs: Float64Array[]): number | Float64Array {
  const r = new LocalProgram(expr).run(inputs);
  return typeof r === 'number' ? r : r.slice();
}
