/**
 * Spark back end: compiles an expression DAG to Spark SQL expression text over `array<double>`
 * columns, using only standard Spark 4 SQL (higher-order functions `transform`, `zip_with`,
 * `aggregate`, `array_sort`, `slice`, `element_at`, `sequence`...). No UDFs, nothing runs in JS
 * on the cluster.
 *
 * ## Contract
 * `compileSparkSql(expr, { inputs, output })` returns `{ stages, result }`:
 * - `stages[k]` maps new column names to expressions; stage k may reference the input columns
 *   and the columns of stages < k (apply them with successive `withColumns`/projections);
 * - `result` references the inputs and all stage columns; it is `array<double>` for
 *   `output: 'values'` (scalars come back as a one-element array, booleans as 1D/0D) and
 *   `boolean` for `output: 'predicate'`.
 * Scalars that lambdas need (a mean inside `transform(values, x -> x - mean)`) are stage columns,
 * so no aggregate is recomputed per element. Spark's CollapseProject inlines a column referenced
 * once by the next projection (even into a lambda), which would undo the staging; keep each stage
 * column referenced at least twice, or use `toSingleExpression`, which binds every stage column
 * with a one-element `transform` (a let) inside one expression that no optimizer rule inlines.
 *
 * Semantics match the local evaluator (`numeric.ts`): IEEE comparisons (guarded with `isnan`,
 * because Spark orders NaN above everything), NaN-propagating min/max, division by zero giving
 * ±Inf/NaN instead of Spark's NULL or ANSI error, `ln` of 0 / negatives giving -Inf / NaN instead
 * of NULL, and typed-array casts (truncate, wrap). Vector lengths are static, so percentile
 * positions and window bounds are constants computed on the driver with the same arithmetic as
 * the local evaluator.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { INT64_MAX_EXACT, type DType } from '../common/ndarray.js';
import { canonicalize, children, postOrder, type BinaryFn, type Expr, type UnaryFn } from './expr.js';
import { INT64_CAST_ERROR, percentilePosition, rankFilterRank } from './numeric.js';

export interface SparkProjection {
  /** Successive projections: each maps new column names to SQL expression text. */
  readonly stages: readonly Readonly<Record<string, string>>[];
  /** The final expression: `array<double>` (values) or `boolean` (predicate). */
  readonly result: string;
}

export interface SparkCompileOptions {
  /** Column name of each input (`input(0)`, `input(1)`): `array<double>` columns. */
  readonly inputs: readonly string[] | string;
  /** `'values'`: the result is `array<double>`; `'predicate'`: a boolean scalar. */
  readonly output: 'values' | 'predicate';
  /** Prefix of generated stage columns (default `_s`), to avoid clashing with existing columns. */
  readonly stagePrefix?: string;
}

const NAN = "CAST('NaN' AS DOUBLE)";
const INF = "CAST('Infinity' AS DOUBLE)";
const NEG_INF = "CAST('-Infinity' AS DOUBLE)";

/** A double literal in Spark SQL syntax. */
export function lit(x: number): string {
  if (Number.isNaN(x)) return NAN;
  if (x === Infinity) return INF;
  if (x === -Infinity) return NEG_INF;
  const s = `${String(Math.abs(x)).toUpperCase()}D`;
  return x < 0 ? `(-${s})` : s;
}

function arrayLit(values: ArrayLike<number>): string {
  if (values.length === 0) return 'CAST(array() AS ARRAY<DOUBLE>)';
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = lit(values[i]!);
  return `array(${parts.join(', ')})`;
}

function intArrayLit(values: ArrayLike<number>): string {
  return `array(${Array.from(values, (v) => String(v)).join(', ')})`;
}

function quoteColumn(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** `element_at(transform(array(value), v -> body(v)), 1)`: evaluates `value` once and binds it. */
function letIn(value: string, name: string, body: string): string {
  return `element_at(transform(array(${value}), ${name} -> ${body}), 1)`;
}

function unaryText(fn: UnaryFn, x: string): string {
  switch (fn) {
    case 'neg':
      return `(-${x})`;
    case 'abs':
      return `abs(${x})`;
    case 'sqrt':
      return `sqrt(${x})`;
    case 'exp':
      return `exp(${x})`;
    case 'log':
      return `(CASE WHEN ${x} > 0D THEN ln(${x}) WHEN ${x} = 0D THEN ${NEG_INF} ELSE ${NAN} END)`;
    case 'not':
      return `(NOT ${x})`;
    case 'isnan':
      return `isnan(${x})`;
  }
}

/** `known` holds operands that are constants, so their NaN/zero guards can be dropped. */
function binaryText(fn: BinaryFn, a: string, b: string, known: { a?: number; b?: number } = {}): string {
  const aNum = known.a !== undefined && !Number.isNaN(known.a);
  const bNum = known.b !== undefined && !Number.isNaN(known.b);
  const notNaN = (x: string, isNum: boolean): string[] => (isNum ? [] : [`NOT isnan(${x})`]);
  switch (fn) {
    case 'add':
      return `(${a} + ${b})`;
    case 'sub':
      return `(${a} - ${b})`;
    case 'mul':
      return `(${a} * ${b})`;
    case 'div':
      if (bNum && known.b !== 0) return `(${a} / ${b})`;
      return `(CASE WHEN ${b} = 0D THEN (CASE WHEN ${a} > 0D THEN ${INF} WHEN ${a} < 0D THEN ${NEG_INF} ELSE ${NAN} END) ELSE ${a} / ${b} END)`;
    case 'pow':
      return `power(${a}, ${b})`;
    case 'maximum':
      return `(CASE WHEN isnan(${a}) OR isnan(${b}) THEN ${NAN} ELSE greatest(${a}, ${b}) END)`;
    case 'minimum':
      return `(CASE WHEN isnan(${a}) OR isnan(${b}) THEN ${NAN} ELSE least(${a}, ${b}) END)`;
    case 'atan2':
      return `atan2(${a}, ${b})`;
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const op = { gt: '>', ge: '>=', lt: '<', le: '<=' }[fn];
      return `(${[`${a} ${op} ${b}`, ...notNaN(a, aNum), ...notNaN(b, bNum)].join(' AND ')})`;
    }
    case 'eq':
      return aNum || bNum ? `(${a} = ${b})` : `(${a} = ${b} AND NOT isnan(${a}))`;
    case 'ne':
      return aNum || bNum ? `(NOT (${a} = ${b}))` : `(NOT (${a} = ${b}) OR isnan(${a}))`;
    case 'and':
      return `(${a} AND ${b})`;
    case 'or':
      return `(${a} OR ${b})`;
  }
}

function foldText(fn: 'sum' | 'min' | 'max', acc: string, x: string): { init: string; step: string } {
  if (fn === 'sum') return { init: '0D', step: `${acc} + ${x}` };
  const pick = fn === 'min' ? 'least' : 'greatest';
  return {
    init: fn === 'min' ? INF : NEG_INF,
    step: `CASE WHEN isnan(${acc}) OR isnan(${x}) THEN ${NAN} ELSE ${pick}(${acc}, ${x}) END`,
  };
}

/**
 * SQL that fails the query with `InvalidArgumentError(argument, expected, got)` once back on the
 * driver (src/thunder/spark/file-errors.ts reads the marker back); `gotSql` is a string expression
 * over the row naming what was found. Base64 keeps any text intact through Spark's messages.
 */
export function raiseArgumentErrorSql(argument: string, expected: string, gotSql: string): string {
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  return `raise_error(concat('thunder-argument-error:${b64(argument)}:${b64(expected)}:', base64(CAST(${gotSql} AS BINARY)), ':'))`;
}


/** SQL: the double `x` rounded to the nearest half, ties to even (`roundToHalf` in common/ndarray.ts). */
function halfText(x: string): string {
  const a = `abs(${x})`;
  // The exponent e of a in [2^e, 2^(e+1)), corrected where log2 lands one off next to a power of two.
  const e0 = `floor(log2(${a}))`;
  const e = `(${e0} - IF(power(2D, ${e0}) > ${a}, 1, 0) + IF(power(2D, ${e0} + 1) <= ${a}, 1, 0))`;
  const q = `power(2D, ${e} - 10)`;
  // rint rounds ties to even; dividing and multiplying by powers of two is exact.
  return `(CASE WHEN isnan(${x}) OR ${a} = ${INF} THEN ${x} WHEN ${a} >= 65520D THEN IF(${x} > 0D, ${INF}, ${NEG_INF}) ` +
    `WHEN ${a} < ${lit(2 ** -14)} THEN rint(${x} * ${lit(2 ** 24)}) / ${lit(2 ** 24)} ELSE rint(${x} / ${q}) * ${q} END)`;
}

/**
 * SQL text converting the double `x` to `dtype` with typed-array semantics (see `CastNode`);
 * int64 truncates and fails the query (an `InvalidArgumentError` on the driver) for NaN, ±Inf or
 * an integer part beyond ±(2^53 − 1); float16 rounds to the nearest half.
 */
export function castText(dtype: DType, x: string): string {
  const trunc = `(${x} - ${x} % 1D)`;
  const wrapUnsigned = (m: number): string =>
    `(CASE WHEN isnan(${x}) OR abs(${x}) = ${INF} THEN 0D ELSE pmod(${trunc}, ${lit(m)}) END)`;
  const wrapSigned = (m: number): string =>
    `(CASE WHEN isnan(${x}) OR abs(${x}) = ${INF} THEN 0D ELSE pmod(pmod(${trunc}, ${lit(m)}) + ${lit(m / 2)}, ${lit(m)}) - ${lit(m / 2)} END)`;
  switch (dtype) {
    case 'float64':
      return x;
    case 'float32':
      return `CAST(CAST(${x} AS FLOAT) AS DOUBLE)`;
    case 'uint8':
      return wrapUnsigned(2 ** 8);
    case 'uint16':
      return wrapUnsigned(2 ** 16);
    case 'int16':
      return wrapSigned(2 ** 16);
    case 'int32':
      return wrapSigned(2 ** 32);
    case 'float16':
      return halfText(x);
    case 'int64':
      return `(CASE WHEN isnan(${x}) OR abs(${trunc}) > ${lit(INT64_MAX_EXACT)} THEN ${raiseArgumentErrorSql(INT64_CAST_ERROR.argument, INT64_CAST_ERROR.expected, `CAST(${x} AS STRING)`)} ELSE ${trunc} + 0D END)`;
  }
}

/** How a node uses a child: textually `count` times, and whether inside a lambda body. */
type Ref = (child: Expr, inLambda: boolean) => string;

class Compiler {
  private lambdaCounter = 0;
  private readonly inputs: readonly string[];

  constructor(inputs: readonly string[]) {
    this.inputs = inputs.map(quoteColumn);
  }

  fresh(base: string): string {
    return `_${base}${this.lambdaCounter++}`;
  }

  /** Text of node `e`, with operands produced by `ref` (inline text or a stage column). */
  render(e: Expr, ref: Ref): string {
    const len = e.type.len;
    if (len === 0) return e.type.bool ? 'CAST(array() AS ARRAY<BOOLEAN>)' : 'CAST(array() AS ARRAY<DOUBLE>)';
    switch (e.op) {
      case 'input':
        return this.inputs[e.index] ?? missingInput(e.index);
      case 'const':
        return lit(e.value);
      case 'array':
        return arrayLit(e.values);
      case 'reduce': {
        const acc = this.fresh('a');
        const x = this.fresh('x');
        const f = foldText(e.fn, acc, x);
        return `aggregate(${ref(e.arg, false)}, ${f.init}, (${acc}, ${x}) -> ${f.step})`;
      }
      case 'percentile': {
        const n = e.arg.type.len!;
        const s = this.fresh('w');
        return letIn(`array_sort(${ref(e.arg, false)})`, s, percentileOfSorted(s, n, e.q));
      }
      case 'unary':
        return this.elementwise(e.type.len, [e.arg], ref, ([x]) => unaryText(e.fn, x!));
      case 'binary':
        return this.elementwise(e.type.len, [e.a, e.b], ref, ([a, b]) =>
          binaryText(e.fn, a!, b!, { a: constValue(e.a), b: constValue(e.b) }),
        );
      case 'where':
        return this.elementwise(e.type.len, [e.cond, e.a, e.b], ref, ([c, a, b]) => `IF(${c}, ${a}, ${b})`);
      case 'cast':
        return this.elementwise(e.type.len, [e.arg], ref, ([x]) => castText(e.dtype, x!));
      case 'element':
        return `element_at(${ref(e.arg, false)}, ${e.index + 1})`;
      case 'gather': {
        const i = this.fresh('i');
        return `transform(${intArrayLit(e.indices.map((k) => k + 1))}, ${i} -> element_at(${ref(e.arg, true)}, ${i}))`;
      }
      case 'view':
        return this.view(e.inShape, e.start, e.step, e.outShape, ref(e.arg, e.inShape.length > 1 || e.step[0] !== 1));
      case 'axisReduce': {
        const na = e.shape[e.axis]!;
        let inner = 1;
        for (let d = e.axis + 1; d < e.shape.length; d++) inner *= e.shape[d]!;
        const p = this.fresh('p');
        const k = this.fresh('k');
        const acc = this.fresh('a');
        const src = ref(e.arg, true);
        // `div` is bigint in Spark and element_at wants an int index.
        const at = `element_at(${src}, CAST(1 + (${p} div ${inner}) * ${na * inner} + ${p} % ${inner} + ${k} * ${inner} AS INT))`;
        const f = foldText(e.fn, acc, at);
        return `transform(sequence(0, ${len! - 1}), ${p} -> aggregate(sequence(0, ${na - 1}), ${f.init}, (${acc}, ${k}) -> ${f.step}))`;
      }
      case 'stack':
        return `array(${e.items.map((it) => ref(it, false)).join(', ')})`;
      case 'matvec': {
        const rows: string[] = [];
        for (let r = 0; r < e.rows; r++) rows.push(arrayLit(e.matrix.subarray(r * e.cols, (r + 1) * e.cols)));
        const row = this.fresh('r');
        const p = this.fresh('p');
        const q = this.fresh('q');
        const s = this.fresh('a');
        const t = this.fresh('t');
        return `transform(array(${rows.join(', ')}), ${row} -> aggregate(zip_with(${row}, ${ref(e.arg, true)}, (${p}, ${q}) -> ${p} * ${q}), 0D, (${s}, ${t}) -> ${s} + ${t}))`;
      }
      case 'dft': {
        const n = e.arg.type.len!;
        const k = this.fresh('k');
        const t = this.fresh('t');
        const acc = this.fresh('a');
        const trig = e.part === 're' ? 'cos' : 'sin';
        const angle = `((2D * pi() * CAST(pmod(${k} * ${t}, ${n}) AS DOUBLE)) / ${n}D)`;
        const sum = `aggregate(sequence(0, ${n - 1}), 0D, (${acc}, ${t}) -> ${acc} + element_at(${ref(e.arg, true)}, ${t} + 1) * ${trig}(${angle}))`;
        return `transform(sequence(0, ${e.bins - 1}), ${k} -> ${e.part === 're' ? sum : `(-${sum})`})`;
      }
      case 'movingPercentile':
        return this.movingPercentile(e.mode, e.q, e.size, e.left, e.right, e.arg.type.len!, ref(e.arg, true));
    }
  }

  /**
   * Elementwise formula over operands that are scalars or vectors of length `len`: scalars go
   * into the lambda body (so they must be cheap or stage columns), vectors are iterated.
   */
  private elementwise(len: number | null, operands: readonly Expr[], ref: Ref, formula: (xs: string[]) => string): string {
    if (len === null) return formula(operands.map((o) => ref(o, false)));
    // The same vector twice (d.mul(d)) is iterated once.
    const vectors = [...new Set(operands.filter((o) => o.type.len !== null))];
    const names = vectors.map(() => this.fresh('x'));
    const args = (elem: (v: number) => string): string[] =>
      operands.map((o) => (o.type.len === null ? ref(o, true) : elem(vectors.indexOf(o))));
    if (vectors.length === 1) {
      return `transform(${ref(vectors[0]!, false)}, ${names[0]} -> ${formula(args((v) => names[v]!))})`;
    }
    if (vectors.length === 2) {
      return `zip_with(${ref(vectors[0]!, false)}, ${ref(vectors[1]!, false)}, (${names[0]}, ${names[1]}) -> ${formula(args((v) => names[v]!))})`;
    }
    const i = this.fresh('i');
    return `transform(sequence(1, ${len}), ${i} -> ${formula(args((v) => `element_at(${ref(vectors[v]!, true)}, ${i})`))})`;
  }

  private view(inShape: readonly number[], start: readonly number[], step: readonly number[], outShape: readonly number[], src: string): string {
    const nd = inShape.length;
    const total = outShape.reduce((a, b) => a * b, 1);
    if (nd === 1 && step[0] === 1) return `slice(${src}, ${start[0]! + 1}, ${total})`;
    const k = this.fresh('k');
    const inStride: number[] = new Array<number>(nd);
    const outStride: number[] = new Array<number>(nd);
    let si = 1;
    let so = 1;
    for (let d = nd - 1; d >= 0; d--) {
      inStride[d] = si;
      outStride[d] = so;
      si *= inShape[d]!;
      so *= outShape[d]!;
    }
    let base = 1;
    const terms: string[] = [];
    for (let d = 0; d < nd; d++) {
      base += start[d]! * inStride[d]!;
      const coord = d === 0 ? `(${k} div ${outStride[d]})` : `((${k} div ${outStride[d]}) % ${outShape[d]})`;
      const mult = step[d]! * inStride[d]!;
      if (outShape[d]! > 1) terms.push(`${coord} * ${mult}`);
    }
    return `transform(sequence(0, ${total - 1}), ${k} -> element_at(${src}, CAST(${[String(base), ...terms].join(' + ')} AS INT)))`;
  }

  private movingPercentile(mode: 'nearest' | 'truncate', q: number, size: number, left: number, right: number, n: number, src: string): string {
    const i = this.fresh('i');
    const w = this.fresh('w');
    if (mode === 'nearest') {
      const k = this.fresh('k');
      const half = Math.floor(size / 2);
      const window = `transform(sequence(0, ${size - 1}), ${k} -> element_at(${src}, least(greatest(${i} - ${half} + ${k}, 0), ${n - 1}) + 1))`;
      const pick = `IF(isnan(element_at(${w}, ${size})), ${NAN}, element_at(${w}, ${rankFilterRank(size, q) + 1}))`;
      return `transform(sequence(0, ${n - 1}), ${i} -> ${letIn(`array_sort(${window})`, w, pick)})`;
    }
    // Window bounds and interpolation constants depend only on the position, so they are
    // computed here with the evaluator's arithmetic and looked up per position.
    const starts: number[] = [];
    const lens: number[] = [];
    const los: number[] = [];
    const fracs: number[] = [];
    for (let p = 0; p < n; p++) {
      const lo = Math.max(p - left, 0);
      const m = Math.min(p + right + 1, n) - lo;
      const pos = percentilePosition(m, q);
      starts.push(lo + 1);
      lens.push(m);
      los.push(pos.lo + 1);
      fracs.push(pos.frac);
    }
    const get = (arr: string): string => `element_at(${arr}, ${i} + 1)`;
    const len = get(intArrayLit(lens));
    const lo = get(intArrayLit(los));
    const fr = get(arrayLit(fracs));
    const a = `element_at(${w}, ${lo})`;
    const pick = `IF(isnan(element_at(${w}, ${len})), ${NAN}, IF(${fr} = 0D, ${a}, ${a} + ${fr} * (element_at(${w}, ${lo} + 1) - ${a})))`;
    const window = `slice(${src}, ${get(intArrayLit(starts))}, ${len})`;
    return `transform(sequence(0, ${n - 1}), ${i} -> ${letIn(`array_sort(${window})`, w, pick)})`;
  }
}

/** numpy linear percentile of a sorted array bound to `s` of static length n. */
function percentileOfSorted(s: string, n: number, q: number): string {
  if (n === 0) return NAN;
  const { lo, frac } = percentilePosition(n, q);
  const a = `element_at(${s}, ${lo + 1})`;
  const value = frac === 0 ? a : `${a} + ${lit(frac)} * (element_at(${s}, ${lo + 2}) - ${a})`;
  return `IF(isnan(element_at(${s}, ${n})), ${NAN}, ${value})`;
}

function constValue(e: Expr): number | undefined {
  return e.op === 'const' ? e.value : undefined;
}

function missingInput(index: number): never {
  throw new InvalidArgumentError('inputs', `a column name for input ${index}`);
}

/** Nodes whose text is O(1) to evaluate, so repeating them inside a lambda costs nothing. */
function isLeaf(e: Expr, staged: ReadonlySet<Expr>): boolean {
  return e.op === 'const' || e.op === 'array' || e.op === 'input' || staged.has(e);
}

function isCheap(e: Expr, staged: ReadonlySet<Expr>): boolean {
  if (isLeaf(e, staged)) return true;
  if (e.type.len !== null) return false;
  if (e.op === 'unary' || e.op === 'binary' || e.op === 'where' || e.op === 'cast' || e.op === 'element') {
    return children(e).every((c) => isLeaf(c, staged));
  }
  return false;
}

/**
 * Compiles a traced expression to staged Spark SQL (see the module comment for the contract).
 * Throws `InvalidArgumentError` if a predicate is requested for a non-boolean scalar expression.
 */
export function compileSparkSql(traced: Expr, options: SparkCompileOptions): SparkProjection {
  const expr = canonicalize(traced);
  const inputs = typeof options.inputs === 'string' ? [options.inputs] : options.inputs;
  const prefix = options.stagePrefix ?? '_s';
  if (options.output === 'predicate' && (expr.type.len !== null || !expr.type.bool)) {
    throw new InvalidArgumentError('filter(fn)', 'a function returning one boolean per record (e.g. v => v.std().gt(0.01))', expr.type.len === null ? 'a number' : 'a vector');
  }
  const compiler = new Compiler(inputs);
  const order = postOrder(expr);

  // Pass 1: how often each node's text occurs in its parents' text, and whether inside a
  // lambda body. Formulas repeat operands (NaN guards, division cases), so occurrences are
  // counted in the rendered text rather than per reference.
  const uses = new Map<Expr, { count: number; inLambda: boolean }>();
  for (const e of order) {
    const tokens = new Map<Expr, string>();
    const probe: Ref = (child, inLambda) => {
      const u = uses.get(child) ?? { count: 0, inLambda: false };
      u.inLambda ||= inLambda;
      uses.set(child, u);
      let t = tokens.get(child);
      if (t === undefined) {
        t = `\u0000${tokens.size}\u0000`;
        tokens.set(child, t);
      }
      return t;
    };
    const text = compiler.render(e, probe);
    for (const [child, t] of tokens) uses.get(child)!.count += text.split(t).length - 1;
  }

  // Pass 2 (children before parents): stage every costly node that would be evaluated more
  // than once per record — referenced twice, or from inside a lambda body.
  const staged = new Set<Expr>();
  const level = new Map<Expr, number>();
  for (const e of order) {
    if (e === expr) continue;
    const u = uses.get(e);
    if (u && !isCheap(e, staged) && (u.count > 1 || u.inLambda)) staged.add(e);
  }
  const stageOf = (e: Expr): number => {
    // A staged node sits one stage after the deepest staged node its inline text reaches.
    let deepest = -1;
    const visit = (c: Expr): void => {
      for (const k of children(c)) {
        if (staged.has(k)) deepest = Math.max(deepest, level.get(k)!);
        else visit(k);
      }
    };
    visit(e);
    return deepest + 1;
  };

  const names = new Map<Expr, string>();
  const stages: Record<string, string>[] = [];
  const inline: Ref = (child) => names.get(child) ?? compiler.render(child, inline);
  let counter = 0;
  for (const e of order) {
    if (!staged.has(e)) continue;
    const k = stageOf(e);
    level.set(e, k);
    const name = `${prefix}${counter++}`;
    const text = compiler.render(e, inline);
    names.set(e, name);
    while (stages.length <= k) stages.push({});
    stages[k]![name] = text;
  }

  let result = compiler.render(expr, inline);
  if (options.output === 'values') {
    if (expr.type.len === null) result = expr.type.bool ? `array(IF(${result}, 1D, 0D))` : `array(${result})`;
    else if (expr.type.bool) {
      const b = compiler.fresh('b');
      result = `transform(${result}, ${b} -> IF(${b}, 1D, 0D))`;
    }
  }
  return { stages, result };
}

/**
 * The same computation as one expression: every stage column becomes a let-binding
 * (`element_at(transform(array(value), name -> rest), 1)`), so each is evaluated once per row
 * whatever the optimizer does with projections.
 */
export function toSingleExpression(p: SparkProjection): string {
  let text = p.result;
  const bindings: [string, string][] = [];
  for (const stage of p.stages) for (const [name, value] of Object.entries(stage)) bindings.push([name, value]);
  for (let i = bindings.length - 1; i >= 0; i--) {
    const [name, value] = bindings[i]!;
    text = letIn(value, name, text);
  }
  return text;
}
