/**
 * The Spark SQL text generator's output shape (its execution on Spark is tested with the Spark
 * engine): stage structure, no aggregate inside a per-element lambda, only standard functions,
 * balanced text, literal syntax, and the single-expression (let) form.
 */
import { describe, expect, it } from 'vitest';
import { compileSparkSql, lit, toSingleExpression, trace, type Traced } from '../../src/udf/index.js';
import * as E from '../../src/udf/expr.js';

const compile = (fn: (v: Traced) => Traced, output: 'values' | 'predicate' = 'values', len = 20) =>
  compileSparkSql(trace(fn as (...r: Traced[]) => unknown, [len], 'test'), { inputs: 'values', output });

const ALLOWED = new Set([
  'aggregate', 'transform', 'zip_with', 'array_sort', 'slice', 'element_at', 'sequence', 'array', 'array_repeat',
  'isnan', 'abs', 'sqrt', 'ln', 'exp', 'power', 'atan2', 'greatest', 'least', 'cos', 'sin', 'pi', 'pmod', 'IF', 'CAST', 'NOT', 'AND', 'OR', 'THEN', 'ELSE', 'WHEN',
]);

function checkText(text: string): void {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth).toBe(0);
  for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) expect(ALLOWED, `function ${m[1]}`).toContain(m[1]);
  expect(text).not.toMatch(/\bnull\b|undefined|NaN(?!')/);
}

function allTexts(p: { stages: readonly Readonly<Record<string, string>>[]; result: string }): string[] {
  return [...p.stages.flatMap((s) => Object.values(s)), p.result];
}

describe('compileSparkSql', () => {
  it('stages the mean before centring, so the lambda reads a column', () => {
    const p = compile((v) => v.sub(v.mean()));
    expect(p.stages).toHaveLength(1);
    const [name, text] = Object.entries(p.stages[0]!)[0]!;
    expect(name).toBe('_s0');
    expect(text).toMatch(/^\(aggregate\(values, 0D, \(_a\d+, _x\d+\) -> _a\d+ \+ _x\d+\) \/ 20D\)$/);
    expect(p.result).toMatch(/^transform\(values, (_x\d+) -> \(\1 - _s0\)\)$/);
  });

  it('never evaluates an aggregate inside a per-element lambda', () => {
    for (const fn of [
      (v: Traced) => v.sub(v.mean()).div(v.std()),
      (v: Traced) => v.sub(v.percentile(20)).div(v.percentile(20).add(0.1)),
      (v: Traced) => v.mul(v.max()).add(v.min()),
      (v: Traced) => v.std().lt(1).where(v.mul(0), v.sub(v.median())),
    ]) {
      const p = compile(fn);
      for (const text of allTexts(p)) {
        checkText(text);
        // Inside "x -> body" of transform/zip_with no aggregate or sort may appear.
        for (const m of text.matchAll(/transform\((?:values|_s\d+), _x\d+ -> ([^]*)\)$/g)) expect(m[1]).not.toMatch(/aggregate|array_sort/);
      }
    }
  });

  it('later stages reference only earlier stage columns', () => {
    const p = compile((v) => v.sub(v.mean()).div(v.std()));
    const seen = new Set<string>();
    for (const stage of p.stages) {
      for (const text of Object.values(stage)) for (const ref of text.match(/_s\d+/g) ?? []) expect(seen).toContain(ref);
      for (const name of Object.keys(stage)) seen.add(name);
    }
    for (const ref of p.result.match(/_s\d+/g) ?? []) expect(seen).toContain(ref);
  });

  it('predicates are boolean with IEEE NaN guards; map results are arrays', () => {
    const f = compile((v) => v.std().gt(0.01), 'predicate');
    expect(f.result).toMatch(/^\(_s\d+ > 0\.01D AND NOT isnan\(_s\d+\)\)$/);
    expect(compile((v) => v.std()).result).toMatch(/^array\(/);
    expect(compile((v) => v.gt(1)).result).toContain('IF(');
    expect(() => compile((v) => v.std(), 'predicate')).toThrow(/boolean/);
  });

  it('division by a non-constant guards zero; by a non-zero constant it does not', () => {
    expect(compile((v) => v.div(2)).result).toMatch(/^transform\(values, (_x\d+) -> \(\1 \/ 2D\)\)$/);
    expect(compile((v) => v.div(v.std())).result).toContain("CAST('Infinity' AS DOUBLE)");
  });

  it('percentile binds one sorted copy and uses constant positions', () => {
    const p = compile((v) => v.percentile(20), 'values', 5);
    const text = allTexts(p).join(' ');
    expect(text.match(/array_sort/g)).toHaveLength(1);
    expect(text).toContain('element_at(_w');
    expect(text).toContain('0.8D');
  });

  it('every node kind renders to balanced standard SQL', () => {
    const x = E.input(0, 6);
    const exprs = [
      E.view([2, 3], [0, 0], [1, 2], [2, 2], x),
      E.gather(Int32Array.from([5, 0, 2]), x),
      E.axisReduce('max', [2, 3], 1, x),
      E.matvec(Float64Array.from([1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]), 2, 6, x),
      E.dft('im', 3, x),
      E.movingPercentile(20, { mode: 'nearest', size: 3 }, x),
      E.movingPercentile(20, { mode: 'truncate', left: 1, right: 2 }, x),
      E.cast('int16', x),
      E.cast('float32', x),
      E.stack([E.reduce('min', x), E.element(2, x)]),
      E.where(E.binary('gt', x, E.constant(2)), x, E.array(Float64Array.from([9, 9, 9, 9, 9, 9]))),
    ];
    for (const e of exprs) for (const text of allTexts(compileSparkSql(e, { inputs: 'values', output: 'values' }))) checkText(text);
  });

  it('formats double literals the Spark way', () => {
    expect(lit(0.01)).toBe('0.01D');
    expect(lit(-2)).toBe('(-2D)');
    expect(lit(1e-7)).toBe('1E-7D');
    expect(lit(Number.NaN)).toBe("CAST('NaN' AS DOUBLE)");
    expect(lit(-Infinity)).toBe("CAST('-Infinity' AS DOUBLE)");
  });

  it('the single-expression form binds each stage column with a let', () => {
    const p = compile((v) => v.sub(v.mean()).div(v.std()));
    const one = toSingleExpression(p);
    checkText(one);
    expect(one.startsWith('element_at(transform(array(')).toBe(true);
    for (const s of p.stages) for (const name of Object.keys(s)) expect(one).toContain(`${name} ->`);
  });

  it('quotes unusual input column names', () => {
    const p = compileSparkSql(trace(((v: Traced) => v.sum()) as (...r: Traced[]) => unknown, [3], 't'), { inputs: 'my values', output: 'values' });
    expect(allTexts(p).join(' ')).toContain('`my values`');
  });
});
