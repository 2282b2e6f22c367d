/**
 * Blocks: Thunder's `images.toblocks(size, padding)`, a subdivision of every image into a grid of
 * blocks (C order over the grid), each block optionally extended by `padding` pixels on both
 * sides (clipped at the image border).
 *
 * Shape contract: a block holds all n images, shape `[n, ...blockShape]` (+ padding);
 * `blockShape` is `[n, ...plan]`, the unpadded block size (the last block along an axis may be
 * smaller). `toImages`, `toSeries` and `toArray` give back exactly the images: blocks here are a
 * view of the images' layout, not a second copy of the data, so the round trips are exact on
 * both engines.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { ITEM_BYTES, NDArray, sizeOf, typedArrayFor, type DType } from '../common/ndarray.js';
import * as E from '../udf/expr.js';
import { wrap, type Traced } from '../udf/trace.js';
import type { Images } from './images.js';
import type { Series } from './series.js';

/** 'auto', a size in kilobytes per block of one image (a numeric string, as Thunder), or pixels per axis. */
export type BlockSize = 'auto' | string | readonly number[];


/**
 * Pixels per axis of a block. A kilobyte size follows Bolt's plan: walking the axes in order,
 * an axis whose one-index slice already exceeds the budget gets blocks of 1; the first axis that
 * fits gets as many indices as the budget holds; later axes stay whole. 'auto' is one block per
 * image locally and ~1e5/n kB on Spark, as Thunder.
 */
export function blockPlan(size: unknown, valueShape: readonly number[], dtype: DType, mode: 'local' | 'spark', n: number): number[] {
  const where = 'toBlocks(size)';
  if (size === 'auto') {
    if (mode === 'local') return [...valueShape];
    return blockPlan(String(Math.max(Math.floor(1e5 / n), 1)), valueShape, dtype, mode, n);
  }
  if (typeof size === 'string') {
    const kb = Number(size);
    if (size.trim() === '' || !Number.isFinite(kb) || kb <= 0) throw new InvalidArgumentError(where, "'auto', a positive number of kilobytes as a string, or pixels per axis", size);
    const budget = 1000 * kb;
    const elsize = ITEM_BYTES[dtype];
    if (budget <= elsize) return valueShape.map(() => 1);
    const plan = [...valueShape];
    let remaining = sizeOf(valueShape) * elsize;
    for (let d = 0; d < valueShape.length; d++) {
      const slice = remaining / valueShape[d]!;
      if (slice >= budget) {
        plan[d] = 1;
        remaining = slice;
        continue;
      }
      plan[d] = Math.min(valueShape[d]!, Math.floor(budget / slice));
      break;
    }
    return plan;
  }
  if (!Array.isArray(size) || size.length !== valueShape.length) throw new InvalidArgumentError(where, `'auto', kilobytes as a string, or ${valueShape.length} positive integers (pixels per image axis)`, size);
  size.forEach((s: unknown, d) => {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > valueShape[d]!) {
      throw new InvalidArgumentError(`${where}[${d}]`, `an integer in [1, ${valueShape[d]}] (the image axis length)`, s);
    }
  });
  return [...(size as number[])];
}

/** Padding per axis from an integer or one per axis (non-negative integers). */
export function blockPadding(padding: unknown, ndim: number): number[] {
  const where = 'toBlocks(padding)';
  if (padding === undefined || padding === null) return new Array<number>(ndim).fill(0);
  const pads = typeof padding === 'number' ? new Array<number>(ndim).fill(padding) : padding;
  if (!Array.isArray(pads) || pads.length !== ndim || !pads.every((p) => typeof p === 'number' && Number.isInteger(p) && p >= 0)) {
    throw new InvalidArgumentError(where, `a non-negative integer or ${ndim} of them`, padding);
  }
  return [...(pads as number[])];
}

/** One block's place in the image: core [start, stop) and padded [from, to) per axis. */
interface BlockGeometry {
  readonly start: readonly number[];
  readonly stop: readonly number[];
  readonly from: readonly number[];
  readonly to: readonly number[];
}

function geometry(shape: readonly number[], plan: readonly number[], padding: readonly number[]): BlockGeometry[] {
  const grid = shape.map((d, i) => Math.ceil(d / plan[i]!));
  const out: BlockGeometry[] = [];
  const idx = new Array<number>(shape.length).fill(0);
  for (let b = 0; b < sizeOf(grid); b++) {
    const start = idx.map((c, d) => c * plan[d]!);
    const stop = start.map((s, d) => Math.min(s + plan[d]!, shape[d]!));
    out.push({ start, stop, from: start.map((s, d) => Math.max(0, s - padding[d]!)), to: stop.map((s, d) => Math.min(shape[d]!, s + padding[d]!)) });
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < grid[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Flat C-order positions of the box [from, to) inside an array of `shape`. */
function boxPositions(shape: readonly number[], from: readonly number[], to: readonly number[]): number[] {
  let flat = [0];
  shape.forEach((_, d) => {
    const stride = sizeOf(shape.slice(d + 1));
    const next: number[] = [];
    for (const base of flat) for (let i = from[d]!; i < to[d]!; i++) next.push(base + i * stride);
    flat = next;
  });
  return flat;
}

export interface BlocksMapOptions {
  /** Result dtype (default float64). */
  readonly dtype?: DType;
}

export class Blocks {
  /** The images the blocks subdivide (blocks of a map are the mapped images). */
  private readonly images: Images;
  /** Unpadded pixels per image axis of a block. */
  readonly plan: readonly number[];
  /** Padding per image axis. */
  readonly padding: readonly number[];

  constructor(images: Images, plan: readonly number[], padding: readonly number[]) {
    this.images = images;
    this.plan = plan;
    this.padding = padding;
  }

  get mode(): 'local' | 'spark' {
    return this.images.mode;
  }

  get dtype(): DType {
    return this.images.dtype;
  }

  /** The images' shape `[n, ...imageShape]`. */
  get shape(): readonly number[] {
    return this.images.shape;
  }

  /** `[n, ...plan]`: the shape of an unpadded full block. */
  get blockShape(): readonly number[] {
    return [this.images.shape[0]!, ...this.plan];
  }

  private get blocks(): BlockGeometry[] {
    return geometry(this.images.valueShape, this.plan, this.padding);
  }

  /** Number of blocks (the product of the grid). */
  async count(): Promise<number> {
    return this.blocks.length;
  }

  /** Every block with its padding, shape [n, ...paddedBlockShape] each, in grid C order. */
  async collectBlocks(): Promise<NDArray[]> {
    const all = await this.images.impl.toArray();
    const shape = this.images.valueShape;
    const size = sizeOf(shape);
    const n = all.shape[0]!;
    return this.blocks.map((b) => {
      const pos = boxPositions(shape, b.from, b.to);
      const out = typedArrayFor(all.dtype, n * pos.length);
      for (let r = 0; r < n; r++) for (let k = 0; k < pos.length; k++) out[r * pos.length + k] = all.data[r * size + pos[k]!]!;
      return new NDArray(out, [n, ...b.to.map((t, d) => t - b.from[d]!)]);
    });
  }

  /** The first block (with padding), shape [n, ...paddedBlockShape]. */
  async first(): Promise<NDArray> {
    return (await this.collectBlocks())[0]!;
  }

  /**
   * Applies a traced function to each image's part of every block (padding included; the
   * padding of the result is dropped when the blocks are put back together). The function must
   * keep the block's size. Unlike Thunder, a block is mapped image by image: a function that
   * combines images (along Thunder's block axis 0) is `Images.mapAsSeries`.
   */
  map(fn: (block: Traced) => Traced, options: BlocksMapOptions = {}): Blocks {
    if (typeof fn !== 'function') throw new InvalidArgumentError('Blocks.map(fn)', 'a function', fn);
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('Blocks.map(options)', 'an options object', options);
    for (const k of Object.keys(options)) if (k !== 'dtype') throw new InvalidArgumentError(`Blocks.map(${k})`, 'known options: dtype', k);
    const shape = this.images.valueShape;
    const blocks = this.blocks;
    const whole = (im: Traced): Traced => {
      const parts = blocks.map((b, i) => {
        const len = sizeOf(b.to.map((t, d) => t - b.from[d]!));
        const part = wrap(E.gather(Int32Array.from(boxPositions(shape, b.from, b.to)), im.expr));
        const res = fn(part);
        if (!res || typeof res !== 'object' || !('expr' in res) || res.expr.type.len !== len || res.expr.type.bool) {
          throw new InvalidArgumentError('Blocks.map(fn)', `a function returning a numeric block of the same size (${len} values in block ${i})`, res && typeof res === 'object' && 'expr' in res ? `${res.expr.type.len ?? 1} values` : res);
        }
        return res.expr;
      });
      // Pixel p comes from the core of the block holding it, at its offset in the padded block:
      // each block's result is gathered onto the image and kept only on that block's core.
      const size = sizeOf(shape);
      let whole: E.Expr | undefined;
      blocks.forEach((b, i) => {
        const inner = b.to.map((t, d) => t - b.from[d]!);
        const core = boxPositions(shape, b.start, b.stop);
        const local = boxPositions(inner, b.start.map((s, d) => s - b.from[d]!), b.stop.map((s, d) => s - b.from[d]!));
        if (blocks.length === 1 && core.length === size && core.every((p, k) => p === local[k])) {
          whole = parts[i]!;
          return;
        }
        const pick = new Int32Array(size);
        const mask = new Float64Array(size);
        core.forEach((p, k) => {
          pick[p] = local[k]!;
          mask[p] = 1;
        });
        const term = E.where(E.binary('gt', E.array(mask), E.constant(0.5)), E.gather(pick, parts[i]!), E.constant(0));
        whole = whole === undefined ? term : E.binary('add', whole, term);
      });
      return wrap(whole!);
    };
    return new Blocks(this.images.map(whole, { dtype: options.dtype ?? 'float64', valueShape: shape }), this.plan, this.padding);
  }

  /**
   * Applies a plain JavaScript function to every block on the driver (the blocks are collected);
   * the results as nested arrays with the shape of the block grid, as Thunder's object array.
   */
  async mapGeneric<T>(fn: (block: NDArray) => T): Promise<unknown[]> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('Blocks.mapGeneric(fn)', 'a function', fn);
    const results = (await this.collectBlocks()).map(fn);
    const grid = this.images.valueShape.map((d, i) => Math.ceil(d / this.plan[i]!));
    const nest = (axis: number, offset: number): unknown[] => {
      const stride = sizeOf(grid.slice(axis + 1));
      return Array.from({ length: grid[axis]! }, (_, i) => (axis === grid.length - 1 ? results[offset + i] : nest(axis + 1, offset + i * stride)));
    };
    return nest(0, 0);
  }

  /** The images again, shape [n, ...imageShape]. */
  toImages(): Images {
    return this.images;
  }

  /** Series [...imageShape, n], as `toImages().toSeries()`. */
  toSeries(): Series {
    return this.images.toSeries();
  }

  /** All images, squeezed like `Images.toArray`. */
  toArray(): Promise<NDArray> {
    return this.images.toArray();
  }

}
