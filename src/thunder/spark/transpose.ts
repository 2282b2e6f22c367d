/**
 * toSeries / toImages as a block transpose (Thunder/Bolt's swap): cut every image into blocks of
 * `B` consecutive voxels (C order), shuffle the T × nblocks chunks once keyed by block, transpose
 * each block with higher-order functions, and explode the block into its B series. Records stay
 * large (B×T values per block) and few; nothing is collected and no row ever holds a single value.
 *
 * Every block's `collect_list` is sorted by image index (`array_sort` of structs orders by their
 * first field), and is bound once with a one-element `transform` (a let) before the per-voxel
 * lambda reads it: if the optimizer inlined the sorted list into that lambda the block would be
 * re-sorted for every voxel.
 *
 * With kernels (`…Kernels` below) the same plan shape calls the JVM kernels instead
 * (spark-kernels `core/BlockTranspose`, `core/Chunk`): each image becomes its chunks as packed
 * little-endian `binary` (tagged with the image index, 1–8 bytes per value, the narrowest
 * element kind that keeps every value bit for bit), so the shuffle moves T × nblocks opaque byte
 * strings; each block's collected chunks are ordered by tag and transposed into its B series on
 * primitive arrays. No `array_sort`, no lambda, no per-element SQL.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { expr, type DataFrame } from '../../connect/index.js';
import type { DType } from '../../common/ndarray.js';
import { letIn } from './expressions.js';
import { packedSql } from './kernels/packed.js';
import { castArrayTo } from './sql-types.js';

/**
 * Values per block that the transpose aims at (B × T), on both paths; see `chooseBlockSize`.
 * Measured again with the kernels (README, `BENCH_BLOCKS`): at 10⁸ values 2^18 was fastest
 * (1.64 s; 2^15 3.33 s, 2^16 2.10 s, 2^17–2^21 1.66–1.95 s). Larger blocks buy nothing and a
 * block's transpose holds B × T doubles at once, plus the boxed copy Spark makes of a Java UDF's
 * array result.
 */
export const TARGET_BLOCK_VALUES = 2 ** 18;
/** Blocks per partition aimed at, so hash partitioning of blocks balances the partitions. */
const BLOCKS_PER_PARTITION = 4;

/**
 * Voxels per block: about TARGET_BLOCK_VALUES / T (blocks of ~2 MB as smallint, ~2 MB of doubles
 * out), but small enough that every partition gets several blocks. Measured in bench/thunder.ts.
 */
export function chooseBlockSize(voxels: number, records: number, npartitions: number, target = TARGET_BLOCK_VALUES): number {
  const bySize = Math.max(1, Math.floor(target / Math.max(records, 1)));
  const byBalance = Math.max(1, Math.ceil(voxels / (npartitions * BLOCKS_PER_PARTITION)));
  return Math.min(bySize, byBalance, Math.max(voxels, 1));
}

/**
 * Images `(index, values array<any numeric>)` → Series `(key bigint, values array<double>)`, one
 * shuffle (`repartition(npartitions, block)`, which the grouping reuses).
 */
export function imagesToSeries(images: DataFrame, voxels: number, block: number, npartitions: number): DataFrame {
  const nblocks = Math.ceil(voxels / block);
  const chunks = images.selectExpr(
    'index',
    `posexplode(transform(sequence(0, ${nblocks - 1}), b -> slice(values, b * ${block} + 1, ${block}))) AS (_b, _chunk)`,
  );
  const perBlock = chunks
    .repartition(npartitions, '_b')
    .groupBy('_b')
    .agg(expr('array_sort(collect_list(struct(index, _chunk))) AS _rows'));
  const transposed = letIn('_rows', 'rs', `transform(sequence(0, size(element_at(rs, 1)._chunk) - 1), j -> transform(rs, r -> CAST(element_at(r._chunk, j + 1) AS DOUBLE)))`);
  return perBlock
    .selectExpr('_b', `posexplode(${transposed}) AS (_j, values)`)
    .selectExpr(`CAST(_b AS BIGINT) * ${block} + _j AS key`, 'values');
}

/**
 * Series `(key, values array<double>)` with dense keys 0..voxels-1 → Images `(index bigint,
 * values array<storage of dtype>)`: blocks of keys are gathered (map-side when the series is
 * still laid out by block, as after toSeries), transposed into T chunks, and the chunks of each
 * time point are concatenated in block order.
 */
export function seriesToImages(series: DataFrame, length: number, block: number, dtype: DType): DataFrame {
  const perBlock = series
    .selectExpr(`key DIV ${block} AS _b`, 'key', 'values')
    .groupBy('_b')
    .agg(expr('array_sort(collect_list(struct(key, values))) AS _rows'));
  const chunks = letIn('_rows', 'rs', `transform(sequence(0, ${length - 1}), t -> transform(rs, r -> element_at(r.values, t + 1)))`);
  return perBlock
    .selectExpr('_b', `posexplode(${chunks}) AS (_t, _chunk)`)
    .groupBy('_t')
    .agg(expr('array_sort(collect_list(struct(_b, _chunk))) AS _parts'))
    .selectExpr('CAST(_t AS BIGINT) AS index', `${castArrayTo(letIn('_parts', 'ps', 'flatten(transform(ps, p -> p._chunk))'), dtype)} AS values`);
}

/**
 * `imagesToSeries` on the kernel path: same records (packed), same single shuffle (by block), same
 * key layout. `thunder_image_chunks` cuts each image into its packed chunks, `thunder_block_series`
 * orders a block's chunks by image index and transposes them into the block's packed series.
 */
export function imagesToSeriesKernels(images: DataFrame, voxels: number, block: number, npartitions: number): DataFrame {
  checkBlock(voxels, block);
  const perBlock = images
    .selectExpr(`posexplode(thunder_image_chunks(index, values, ${block})) AS (_b, _chunk)`)
    .repartition(npartitions, '_b')
    .groupBy('_b')
    .agg(expr('collect_list(_chunk) AS _chunks'));
  return perBlock
    .selectExpr('_b', 'posexplode(thunder_block_series(_chunks)) AS (_j, values)')
    .selectExpr(`CAST(_b AS BIGINT) * ${block} + _j AS key`, 'values');
}

/**
 * `seriesToImages` on the kernel path (dense keys 0..voxels-1, `length` values each, packed): every
 * series is tagged with its key (`thunder_pack_record`), gathered by block (map-side when the
 * series are still laid out by block, as after toSeries: collect_list aggregates partially before
 * its shuffle), turned into `length` chunks per block (`thunder_block_images`), and the chunks of
 * each time point are concatenated in block order (`thunder_assemble_image`, which checks the
 * image has `voxels` values) into packed images stored as the dtype.
 */
export function seriesToImagesKernels(series: DataFrame, voxels: number, length: number, block: number, dtype: DType): DataFrame {
  checkBlock(voxels, block);
  return series
    .selectExpr(`key DIV ${block} AS _b`, 'thunder_pack_record(key, values) AS _rec')
    .groupBy('_b')
    .agg(expr('collect_list(_rec) AS _recs'))
    .selectExpr(`posexplode(thunder_block_images(_b, _recs, ${length})) AS (_t, _chunk)`)
    .groupBy('_t')
    .agg(expr('collect_list(_chunk) AS _chunks'))
    .selectExpr('CAST(_t AS BIGINT) AS index', `${dtype === 'float64' ? `thunder_assemble_image(_chunks, ${voxels})` : packedSql(`thunder_assemble_image(_chunks, ${voxels})`, dtype)} AS values`);
}

function checkBlock(voxels: number, block: number): void {
  if (!Number.isInteger(block) || block < 1 || block > 2 ** 31 - 1) throw new InvalidArgumentError('block', 'an integer from 1 to 2^31-1', block);
  if (!Number.isInteger(voxels) || voxels < 0 || voxels > 2 ** 31 - 1) throw new InvalidArgumentError('voxels', 'an integer from 0 to 2^31-1', voxels);
}
