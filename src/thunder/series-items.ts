/**
 * Thunder's `series[...]` indexing over all axes `[...baseShape, T]`, resolved on the driver:
 * which records (ranks in key order) and which value positions are kept, and the new base shape.
 * An integer keeps its axis with length 1 (Thunder: `data[0, :].shape == (1, 3)`); `toArray()`
 * squeezes it away.
 */
import { InvalidArgumentError } from '../common/errors.js';

/** A Python-style slice: bounds may be negative (from the end), `step` positive. */
export interface SliceSpec {
  readonly start?: number;
  readonly stop?: number;
  readonly step?: number;
}

/** One axis of an item: an integer, a list of integers, `null` (`:`, the whole axis) or a slice. */
export type AxisItem = number | readonly number[] | null | SliceSpec;

/** The positions one axis item keeps, in order. */
export function axisPositions(item: AxisItem, size: number, argument: string): number[] {
  const norm = (i: unknown): number => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < -size || i >= size) throw new InvalidArgumentError(argument, `integers in [${-size}, ${size})`, i);
    return i < 0 ? size + i : i;
  };
  if (item === null) return Array.from({ length: size }, (_, i) => i);
  if (typeof item === 'number') return [norm(item)];
  if (Array.isArray(item)) {
    if (item.length === 0) throw new InvalidArgumentError(argument, 'a non-empty list of positions', item);
    return item.map(norm);
  }
  if (typeof item === 'object' && !ArrayBuffer.isView(item)) {
    const spec = item as SliceSpec & Record<string, unknown>;
    for (const k of Object.keys(spec)) if (!['start', 'stop', 'step'].includes(k)) throw new InvalidArgumentError(`${argument}.${k}`, 'a slice { start?, stop?, step? }', `an unknown key "${k}"`);
    const step = spec.step ?? 1;
    if (!Number.isInteger(step) || step < 1) throw new InvalidArgumentError(`${argument}.step`, 'a positive integer', step);
    const clamp = (v: unknown, fallback: number, name: string): number => {
      if (v === undefined) return fallback;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidArgumentError(`${argument}.${name}`, 'an integer', v);
      return Math.min(Math.max(v < 0 ? size + v : v, 0), size);
    };
    const start = clamp(spec.start, 0, 'start');
    const stop = clamp(spec.stop, size, 'stop');
    const out: number[] = [];
    for (let i = start; i < stop; i += step) out.push(i);
    if (out.length === 0) throw new InvalidArgumentError(argument, 'a slice that keeps at least one position', item);
    return out;
  }
  throw new InvalidArgumentError(argument, 'an integer, a list of integers, null (the whole axis) or { start?, stop?, step? }', item);
}

export interface ResolvedItem {
  /** Kept records as ranks in key order, C order over `baseShape`. */
  readonly ranks: number[];
  readonly baseShape: number[];
  /** Kept value positions. */
  readonly positions: number[];
  /** Every record and every value kept, in order. */
  readonly identity: boolean;
}

/** Resolves `items` (at most one per axis of `[...baseShape, T]`; missing trailing axes are whole). */
export function resolveItem(items: readonly AxisItem[], baseShape: readonly number[], T: number, where: string): ResolvedItem {
  const shape = [...baseShape, T];
  if (items.length === 0 || items.length > shape.length) throw new InvalidArgumentError(where, `1 to ${shape.length} axis items (the series has ${shape.length} axes)`, items.length);
  const per = shape.map((size, d) => axisPositions(d < items.length ? items[d]! : null, size, `${where}[axis ${d}]`));
  const base = per.slice(0, -1);
  const positions = per[per.length - 1]!;
  const newBase = base.map((p) => p.length);
  const strides = baseShape.map((_, d) => baseShape.slice(d + 1).reduce((a, b) => a * b, 1));
  const ranks: number[] = [];
  const walk = (d: number, offset: number): void => {
    if (d === base.length) {
      ranks.push(offset);
      return;
    }
    for (const p of base[d]!) walk(d + 1, offset + p * strides[d]!);
  };
  walk(0, 0);
  const n = baseShape.reduce((a, b) => a * b, 1);
  const identity = ranks.length === n && ranks.every((r, i) => r === i) && positions.length === T && positions.every((p, i) => p === i);
  return { ranks, baseShape: newBase, positions, identity };
}
