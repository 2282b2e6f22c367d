/**
 * Thunder's `images[...]` indexing, resolved on the driver: which records and which pixels of
 * each image a key selects. An integer keeps its axis (with length 1), as Thunder's `__getitem__`
 * turns integers into slices; a slice is Python's (negative bounds from the end, clamped, step
 * ≥ 1); a list picks positions in the given order.
 */
import { InvalidArgumentError } from '../common/errors.js';
import * as E from '../udf/expr.js';
import type { Expr } from '../udf/expr.js';

/** A Python slice `start:stop:step`; omitted fields as in Python. */
export interface SliceKey {
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  readonly step?: number | undefined;
}

/** One axis of an index: a position, a list of positions, a slice, or null (the whole axis). */
export type IndexKey = number | readonly number[] | SliceKey | null | undefined;

/** The positions an axis key selects, and the strided form when it has one (for a view). */
export interface AxisSelection {
  readonly positions: readonly number[];
  readonly strided: { readonly start: number; readonly step: number } | undefined;
}

const SLICE_FIELDS = new Set(['start', 'stop', 'step']);

function position(i: unknown, n: number, where: string): number {
  if (typeof i !== 'number' || !Number.isInteger(i) || i < -n || i >= n) throw new InvalidArgumentError(where, `an integer in [-${n}, ${n})`, i);
  return i < 0 ? n + i : i;
}

/** Resolves one axis key against an axis of length n; `where` names the argument in errors. */
export function selectAxis(key: IndexKey, n: number, where: string): AxisSelection {
  if (key === null || key === undefined) return { positions: Array.from({ length: n }, (_, i) => i), strided: { start: 0, step: 1 } };
  if (typeof key === 'number') {
    const p = position(key, n, where);
    return { positions: [p], strided: { start: p, step: 1 } };
  }
  if (Array.isArray(key)) {
    if (key.length === 0) throw new InvalidArgumentError(where, 'a non-empty list of positions', key);
    return { positions: key.map((k) => position(k, n, where)), strided: undefined };
  }
  if (typeof key !== 'object') throw new InvalidArgumentError(where, 'an integer, a list of integers, a slice {start, stop, step} or null', key);
  for (const name of Object.keys(key)) if (!SLICE_FIELDS.has(name)) throw new InvalidArgumentError(where, 'a slice with fields start, stop, step', name);
  const s = key as SliceKey;
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step < 1) throw new InvalidArgumentError(`${where}.step`, 'a positive integer', s.step);
  const bound = (b: number | undefined, dflt: number, name: string): number => {
    if (b === undefined || b === null) return dflt;
    if (!Number.isInteger(b)) throw new InvalidArgumentError(`${where}.${name}`, 'an integer', b);
    return Math.min(Math.max(b < 0 ? n + b : b, 0), n);
  };
  const lo = bound(s.start, 0, 'start');
  const hi = bound(s.stop, n, 'stop');
  const positions: number[] = [];
  for (let i = lo; i < hi; i += step) positions.push(i);
  if (positions.length === 0) throw new InvalidArgumentError(where, `a slice selecting at least one of ${n} positions`, `${s.start ?? ''}:${s.stop ?? ''}:${step}`);
  return { positions, strided: { start: lo, step } };
}

/**
 * The expression selecting `selections` (one per image axis) from a flattened image of `shape`,
 * in C order of the result: a strided view when every axis is strided, else a gather.
 */
export function selectPixels(shape: readonly number[], selections: readonly AxisSelection[], input: Expr): Expr {
  const out = selections.map((s) => s.positions.length);
  if (selections.every((s) => s.strided !== undefined)) {
    return E.view(shape, selections.map((s) => s.strided!.start), selections.map((s) => s.strided!.step), out, input);
  }
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  let flat = [0];
  selections.forEach((s, d) => {
    const next: number[] = [];
    for (const base of flat) for (const p of s.positions) next.push(base + p * strides[d]!);
    flat = next;
  });
  return E.gather(Int32Array.from(flat), input);
}

/** Consecutive runs [start, stop) of a list of record positions, in list order. */
export function runsOf(positions: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const p of positions) {
    const last = runs[runs.length - 1];
    if (last && last[1] === p) last[1] = p + 1;
    else runs.push([p, p + 1]);
  }
  return runs;
}

/** Thunder's images squeeze: drop length-1 image axes, but keep one axis when all are length 1. */
export function squeezedShape(shape: readonly number[]): number[] {
  const kept = shape.filter((d) => d !== 1);
  return kept.length > 0 ? kept : [1];
}
