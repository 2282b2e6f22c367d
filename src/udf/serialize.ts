/**
 * Expression DAG → compact bytes, for evaluators outside this process (the JVM kernels'
 * `org.thunderconnect.kernels.expr.PlanReader` follows this format exactly; change both together
 * and raise `PLAN_FORMAT_VERSION`).
 *
 * The DAG is canonicalized first (`canonicalize`: shared subtrees merged, constants folded), the
 * same step the local evaluator takes, so an evaluator that follows the node semantics of
 * `numeric.ts`/`evaluate.ts` computes the same values, in the same order, as `LocalProgram`.
 *
 * ## Format, version 1 (all numbers little-endian)
 * ```
 * header (16 bytes)
 *   0   4  magic: the ASCII bytes "TXPR"
 *   4   2  u16 version (1)
 *   6   2  u16 inputs: record inputs the plan reads (1 + the largest input index; 0 if none)
 *   8   4  u32 N: number of nodes (≥ 1)
 *   12  4  u32 root: index of the result node (< N)
 * N nodes, children before parents (post order): node i refers to its operands by their
 * indices, which are all < i. A node reached from several parents is written once.
 * node
 *   u8  op (table below)
 *   u8  type flags: bit 0 = boolean, bit 1 = vector (scalar when clear); other bits 0
 *   u32 len: vector length (0 for a scalar)
 *   ... op-specific fields, in this order ("ref" = u32 index of an earlier node):
 *   0  input       u32 index (0 = the record, 1 = the second record of a two-record lambda)
 *   1  const       f64 value
 *   2  array       u32 n, n × f64
 *   3  reduce      u8 fn (0 sum, 1 min, 2 max), ref arg
 *   4  percentile  f64 q, ref arg
 *   5  unary       u8 fn (0 neg, 1 abs, 2 sqrt, 3 log, 4 exp, 5 not, 6 isnan), ref arg
 *   6  binary      u8 fn (0 add, 1 sub, 2 mul, 3 div, 4 pow, 5 maximum, 6 minimum, 7 atan2,
 *                  8 gt, 9 ge, 10 lt, 11 le, 12 eq, 13 ne, 14 and, 15 or), ref a, ref b
 *   7  where       ref cond, ref a, ref b
 *   8  element     u32 index, ref arg
 *   9  gather      u32 n, n × i32 positions, ref arg
 *   10 view        u8 nd, nd × u32 inShape, nd × u32 start, nd × u32 step, nd × u32 outShape, ref arg
 *   11 axisReduce  u8 fn (as reduce), u8 nd, nd × u32 shape, u8 axis, ref arg
 *   12 stack       u32 n, n × ref items
 *   13 matvec      u32 rows, u32 cols, rows × cols f64 (row-major), ref arg
 *   14 dft         u8 part (0 re, 1 im), u32 bins, ref arg
 *   15 movingPercentile  f64 q, u8 mode (0 nearest, 1 truncate), u32 size, u32 left, u32 right, ref arg
 *   16 cast        u8 dtype (0 float64, 1 float32, 2 uint8, 3 int16, 4 uint16, 5 int32, 6 int64, 7 float16), ref arg
 * ```
 * Nothing follows the last node. Booleans are evaluated as 1/0 doubles (see `evaluate.ts`).
 */
import { InvalidArgumentError } from '../common/errors.js';
import type { DType } from '../common/ndarray.js';
import { canonicalize, postOrder, type BinaryFn, type Expr, type ReduceFn, type UnaryFn } from './expr.js';

export const PLAN_FORMAT_VERSION = 1;
export const PLAN_MAGIC = 'TXPR';

const OPS = {
  input: 0, const: 1, array: 2, reduce: 3, percentile: 4, unary: 5, binary: 6, where: 7, element: 8,
  gather: 9, view: 10, axisReduce: 11, stack: 12, matvec: 13, dft: 14, movingPercentile: 15, cast: 16,
} as const satisfies Record<Expr['op'], number>;

const REDUCE: Record<ReduceFn, number> = { sum: 0, min: 1, max: 2 };
const UNARY: Record<UnaryFn, number> = { neg: 0, abs: 1, sqrt: 2, log: 3, exp: 4, not: 5, isnan: 6 };
const BINARY: Record<BinaryFn, number> = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6, atan2: 7,
  gt: 8, ge: 9, lt: 10, le: 11, eq: 12, ne: 13, and: 14, or: 15,
};
const DTYPE: Record<DType, number> = { float64: 0, float32: 1, uint8: 2, int16: 3, uint16: 4, int32: 5, int64: 6, float16: 7 };

const HEADER_BYTES = 16;
const NODE_HEADER_BYTES = 6;

function unknown(e: { op?: unknown }): never {
  throw new InvalidArgumentError('expression node', `one of ${Object.keys(OPS).join(', ')}`, e.op);
}

function code<K extends string>(table: Record<K, number>, key: K, what: string): number {
  const c = table[key];
  if (c === undefined) throw new InvalidArgumentError(what, `one of ${Object.keys(table).join(', ')}`, key);
  return c;
}

/** Bytes of the op-specific fields of `e` (see the format). */
function payloadBytes(e: Expr): number {
  switch (e.op) {
    case 'input': return 4;
    case 'const': return 8;
    case 'array': return 4 + 8 * e.values.length;
    case 'reduce': return 1 + 4;
    case 'percentile': return 8 + 4;
    case 'unary': return 1 + 4;
    case 'binary': return 1 + 8;
    case 'where': return 12;
    case 'element': return 8;
    case 'gather': return 4 + 4 * e.indices.length + 4;
    case 'view': return 1 + 16 * e.inShape.length + 4;
    case 'axisReduce': return 1 + 1 + 4 * e.shape.length + 1 + 4;
    case 'stack': return 4 + 4 * e.items.length;
    case 'matvec': return 8 + 8 * e.matrix.length + 4;
    case 'dft': return 1 + 4 + 4;
    case 'movingPercentile': return 8 + 1 + 12 + 4;
    case 'cast': return 1 + 4;
    default: return unknown(e);
  }
}

class Writer {
  private pos = 0;
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(x: number): void {
    if (!Number.isInteger(x) || x < 0 || x > 0xff) throw new InvalidArgumentError('expression', 'an axis count, axis or code below 256', x);
    this.view.setUint8(this.pos, x);
    this.pos += 1;
  }

  u16(x: number): void {
    this.view.setUint16(this.pos, x, true);
    this.pos += 2;
  }

  u32(x: number): void {
    if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new InvalidArgumentError('expression', 'sizes and positions that fit 32 bits', x);
    this.view.setUint32(this.pos, x, true);
    this.pos += 4;
  }

  i32(x: number): void {
    this.view.setInt32(this.pos, x, true);
    this.pos += 4;
  }

  f64(x: number): void {
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  f64s(xs: Float64Array): void {
    for (let i = 0; i < xs.length; i++) this.view.setFloat64(this.pos + 8 * i, xs[i]!, true);
    this.pos += 8 * xs.length;
  }

  get offset(): number {
    return this.pos;
  }
}

/**
 * The plan bytes of `expr` (format above). Throws `InvalidArgumentError` for a node this format
 * does not know (the evaluator on the other side would not either) or a size beyond 32 bits.
 */
export function serializePlan(expr: Expr): Uint8Array {
  const root = canonicalize(expr);
  const order = postOrder(root);
  for (const e of order) if (!(e.op in OPS)) unknown(e);
  const index = new Map<Expr, number>();
  order.forEach((e, i) => index.set(e, i));
  let size = HEADER_BYTES;
  let inputs = 0;
  for (const e of order) {
    size += NODE_HEADER_BYTES + payloadBytes(e);
    if (e.op === 'input') inputs = Math.max(inputs, e.index + 1);
  }
  const w = new Writer(size);
  for (let k = 0; k < PLAN_MAGIC.length; k++) w.u8(PLAN_MAGIC.charCodeAt(k));
  w.u16(PLAN_FORMAT_VERSION);
  w.u16(inputs);
  w.u32(order.length);
  w.u32(index.get(root)!);
  const ref = (c: Expr): void => w.u32(index.get(c)!);
  for (const e of order) {
    w.u8(OPS[e.op]);
    w.u8((e.type.bool ? 1 : 0) | (e.type.len !== null ? 2 : 0));
    w.u32(e.type.len ?? 0);
    switch (e.op) {
      case 'input':
        w.u32(e.index);
        break;
      case 'const':
        w.f64(e.value);
        break;
      case 'array':
        w.u32(e.values.length);
        w.f64s(e.values);
        break;
      case 'reduce':
        w.u8(code(REDUCE, e.fn, 'reduce(fn)'));
        ref(e.arg);
        break;
      case 'percentile':
        w.f64(e.q);
        ref(e.arg);
        break;
      case 'unary':
        w.u8(code(UNARY, e.fn, 'unary(fn)'));
        ref(e.arg);
        break;
      case 'binary':
        w.u8(code(BINARY, e.fn, 'binary(fn)'));
        ref(e.a);
        ref(e.b);
        break;
      case 'where':
        ref(e.cond);
        ref(e.a);
        ref(e.b);
        break;
      case 'element':
        w.u32(e.index);
        ref(e.arg);
        break;
      case 'gather':
        w.u32(e.indices.length);
        for (const i of e.indices) w.i32(i);
        ref(e.arg);
        break;
      case 'view':
        w.u8(e.inShape.length);
        for (const list of [e.inShape, e.start, e.step, e.outShape]) for (const x of list) w.u32(x);
        ref(e.arg);
        break;
      case 'axisReduce':
        w.u8(code(REDUCE, e.fn, 'axisReduce(fn)'));
        w.u8(e.shape.length);
        for (const x of e.shape) w.u32(x);
        w.u8(e.axis);
        ref(e.arg);
        break;
      case 'stack':
        w.u32(e.items.length);
        for (const it of e.items) ref(it);
        break;
      case 'matvec':
        w.u32(e.rows);
        w.u32(e.cols);
        w.f64s(e.matrix);
        ref(e.arg);
        break;
      case 'dft':
        w.u8(e.part === 're' ? 0 : e.part === 'im' ? 1 : unknown({ op: `dft part ${String(e.part)}` }));
        w.u32(e.bins);
        ref(e.arg);
        break;
      case 'movingPercentile':
        w.f64(e.q);
        w.u8(e.mode === 'nearest' ? 0 : e.mode === 'truncate' ? 1 : unknown({ op: `movingPercentile mode ${String(e.mode)}` }));
        w.u32(e.size);
        w.u32(e.left);
        w.u32(e.right);
        ref(e.arg);
        break;
      case 'cast':
        w.u8(code(DTYPE, e.dtype, 'astype(dtype)'));
        ref(e.arg);
        break;
      default:
        unknown(e);
    }
  }
  if (w.offset !== size) throw new Error(`serializePlan: wrote ${w.offset} bytes, computed ${size}`);
  return w.bytes;
}

/** Header fields of plan bytes (for tests and diagnostics); throws on a foreign or truncated header. */
export function planHeader(bytes: Uint8Array): { version: number; inputs: number; nodes: number; root: number } {
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 4)) !== PLAN_MAGIC) {
    throw new InvalidArgumentError('plan', `bytes starting with "${PLAN_MAGIC}"`, bytes);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { version: v.getUint16(4, true), inputs: v.getUint16(6, true), nodes: v.getUint32(8, true), root: v.getUint32(12, true) };
}
