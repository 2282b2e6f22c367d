/**
 * Series indexes, single- and multi-level (Thunder 1.x `select_by_index`, `aggregate_by_index`).
 *
 * An index has one entry per value position. A single-level entry is a number or a string; a
 * multi-level entry is a fixed-length list of them (Thunder's 2-d index, one row per position,
 * one column per level). Everything here runs on the driver: it only decides which value
 * positions go where, and the Series turns that into an expression.
 */
import { InvalidArgumentError } from '../common/errors.js';

export type IndexValue = number | string;
/** One position's label: a value, or one value per level of a multi-level index. */
export type IndexLabel = IndexValue | readonly IndexValue[];

const isValue = (x: unknown): x is IndexValue => (typeof x === 'number' && !Number.isNaN(x)) || typeof x === 'string';

/** The number of levels of a checked index (`checkIndex`): 1 for a single-level index. */
export function levelCount(index: readonly IndexLabel[]): number {
  if (index.length === 0) return 1;
  const first = index[0]!;
  const n = Array.isArray(first) ? first.length : 1;
  return n;
}

/**
 * Checks a user-supplied index for a series of length `length`: an array (or typed array) of
 * numbers/strings, or of equal-length arrays of them. Returns a frozen copy.
 */
export function checkIndex(value: unknown, length: number, where: string): readonly IndexLabel[] {
  const list: unknown[] | undefined = Array.isArray(value) ? value : ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<number>) : undefined;
  if (!list) throw new InvalidArgumentError(where, `an array of ${length} labels`, value);
  if (list.length !== length) throw new InvalidArgumentError(where, `${length} labels (the series length)`, `${list.length} labels`);
  let levels: number | undefined;
  const out = list.map((entry, p) => {
    if (isValue(entry)) {
      if (levels !== undefined && levels !== 0) throw new InvalidArgumentError(`${where}[${p}]`, `a list of ${levels} labels like the other entries`, entry);
      levels = 0;
      return entry;
    }
    const row = Array.isArray(entry) ? entry : ArrayBuffer.isView(entry) ? Array.from(entry as unknown as ArrayLike<number>) : undefined;
    if (!row || row.length === 0 || !row.every(isValue)) throw new InvalidArgumentError(`${where}[${p}]`, 'a number, a string, or a non-empty list of them (one per level)', entry);
    if (levels !== undefined && levels !== row.length) throw new InvalidArgumentError(`${where}[${p}]`, levels === 0 ? 'a single label like the other entries' : `${levels} labels like the other entries`, `${row.length}`);
    levels = row.length;
    return Object.freeze([...row]) as readonly IndexValue[];
  });
  return Object.freeze(out);
}

/** The entry's values at the given levels (a single-level index has only level 0). */
function atLevels(entry: IndexLabel, levels: readonly number[]): IndexValue[] {
  return levels.map((l) => (Array.isArray(entry) ? (entry as readonly IndexValue[])[l]! : (entry as IndexValue)));
}

/** Levels as a list of valid level numbers; `argument` names the option. */
export function checkLevels(level: unknown, index: readonly IndexLabel[], argument: string): number[] {
  const n = levelCount(index);
  const list = Array.isArray(level) ? level : [level];
  if (list.length === 0) throw new InvalidArgumentError(argument, 'at least one level', level);
  for (const l of list) {
    if (!Number.isInteger(l) || (l as number) < 0 || (l as number) >= n) throw new InvalidArgumentError(argument, `level numbers in [0, ${n}) (the index has ${n} level${n === 1 ? '' : 's'})`, l);
  }
  if (new Set(list).size !== list.length) throw new InvalidArgumentError(argument, 'distinct levels', level);
  return list as number[];
}

function compareValues(a: IndexValue, b: IndexValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTuples(a: readonly IndexValue[], b: readonly IndexValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

const tupleKey = (t: readonly IndexValue[]): string => JSON.stringify(t);

export interface IndexGroup {
  /** The group's label: a value for one level, a list for several. */
  readonly label: IndexLabel;
  /** Value positions holding that label, ascending. */
  readonly positions: number[];
}

/**
 * Groups value positions by their labels at `levels`, groups in ascending label order
 * (numbers before strings, level by level), as Thunder's `_makemasks` (products of sorted
 * unique values, keeping those that occur).
 */
export function groupByLevels(index: readonly IndexLabel[], levels: readonly number[]): IndexGroup[] {
  const groups = new Map<string, { tuple: IndexValue[]; positions: number[] }>();
  index.forEach((entry, p) => {
    const tuple = atLevels(entry, levels);
    const k = tupleKey(tuple);
    const g = groups.get(k);
    if (g) g.positions.push(p);
    else groups.set(k, { tuple, positions: [p] });
  });
  return [...groups.values()]
    .sort((a, b) => compareTuples(a.tuple, b.tuple))
    .map((g) => ({ label: levels.length === 1 ? g.tuple[0]! : Object.freeze(g.tuple), positions: g.positions }));
}

export interface SelectByIndexOptions {
  /** Level (or levels, one per entry of `val`) to select on (default 0). */
  readonly level?: number | readonly number[];
  /** Drop the selected levels that hold a single selected value from the new index (default false). */
  readonly squeeze?: boolean;
  /** Keep every position except the selected ones (default false). */
  readonly filter?: boolean;
}

export interface IndexSelection {
  /** Kept value positions, ascending. */
  readonly positions: number[];
  /** One boolean per value position: kept or not. */
  readonly mask: boolean[];
  /** The index of the result. */
  readonly index: IndexLabel[];
}

/**
 * Thunder's `select_by_index`: `val` holds, per selected level, a value or a list of values; a
 * position is selected when its labels at those levels are one of the combinations.
 */
export function selectByIndex(index: readonly IndexLabel[], val: unknown, options: SelectByIndexOptions, where: string): IndexSelection {
  const levels = checkLevels(options.level ?? 0, index, `${where}(level)`);
  // One level: `val` is a value or a list of values of that level. Several: one entry per level.
  const perLevel: unknown[] = levels.length === 1 ? [val] : Array.isArray(val) ? val : [val];
  if (perLevel.length !== levels.length) throw new InvalidArgumentError(`${where}(val)`, `one value or list of values per selected level (${levels.length})`, val);
  const wanted = perLevel.map((v, i) => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || !list.every(isValue)) throw new InvalidArgumentError(`${where}(val)`, `index values (numbers or strings) for level ${levels[i]}`, v);
    return new Set(list as IndexValue[]);
  });
  const squeezed = options.squeeze && !options.filter ? levels.filter((_, i) => wanted[i]!.size === 1) : [];
  const mask = index.map((entry) => atLevels(entry, levels).every((x, i) => wanted[i]!.has(x)) !== Boolean(options.filter));
  const positions: number[] = [];
  mask.forEach((m, p) => m && positions.push(p));
  if (positions.length === 0) throw new InvalidArgumentError(`${where}(val)`, 'values that select at least one index position', val);
  const nlevels = levelCount(index);
  const keep = Array.from({ length: nlevels }, (_, l) => l).filter((l) => !squeezed.includes(l));
  let newIndex: IndexLabel[];
  if (keep.length === 0) newIndex = positions.map((_, i) => i);
  else if (keep.length === 1) newIndex = positions.map((p) => atLevels(index[p]!, keep)[0]!);
  else newIndex = positions.map((p) => Object.freeze(atLevels(index[p]!, keep)));
  return { positions, mask, index: newIndex };
}
