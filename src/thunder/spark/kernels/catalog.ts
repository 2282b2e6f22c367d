/**
 * The JVM kernels (`spark-kernels/`, package `org.thunderconnect.kernels`) as SQL functions: the
 * name each is registered under in a session, its class and its declared result type. The
 * declared type is not checked at registration (a wrong one fails only when a query runs the
 * kernel), so every entry is called by one of tests/thunder/kernels-*.spark.test.ts.
 */
import { DataTypes, type DataType } from '../../../connect/index.js';

export interface KernelFunction {
  readonly name: string;
  readonly className: string;
  readonly returnType?: DataType;
  readonly aggregate?: boolean;
}

const PKG = 'org.thunderconnect.kernels.udf';
const doubles = DataTypes.array(DataTypes.double, false);

/** Must equal `Version.PROTOCOL` in the jar. */
export const KERNEL_PROTOCOL = 2;

export const KERNEL_FUNCTIONS: readonly KernelFunction[] = [
  { name: 'thunder_kernels_version', className: `${PKG}.Version`, returnType: DataTypes.integer },
  // Traced expressions (src/udf/serialize.ts plans; spark/kernels/exprs.ts builds the calls).
  // Records go in as arrays or packed (kernels/packed.ts); every record on the kernel path is packed.
  // (values array<numeric> | binary, plan binary) -> the expression's values, packed (scalar: one value, booleans 1/0).
  { name: 'thunder_map', className: `${PKG}.ExprMap`, returnType: DataTypes.binary },
  // (values array<numeric> | binary, plan binary) -> the predicate.
  { name: 'thunder_test', className: `${PKG}.ExprTest`, returnType: DataTypes.boolean },
  // (a, b: array<numeric> | binary, plan binary) -> a two-record expression's values (array<double>: the fold of reduce).
  { name: 'thunder_pair', className: `${PKG}.ExprPair`, returnType: doubles },
  // The conversions between Spark arrays and packed records.
  // (values array<numeric> | binary, dtype string) -> the record stored as dtype, packed.
  { name: 'thunder_pack', className: `${PKG}.Pack`, returnType: DataTypes.binary },
  // (values binary) -> array<double>, where Spark needs arrays (MLlib, SQL expressions).
  { name: 'thunder_unpack', className: `${PKG}.Unpack`, returnType: doubles },
  // (values, spec binary) -> the filtered image, packed; spec from kernels/filter-spec.ts.
  { name: 'thunder_spatial_filter', className: `${PKG}.SpatialFilter`, returnType: DataTypes.binary },
  // The block transpose (spark/transpose.ts); chunks are tagged little-endian binary (core/Chunk.java).
  // (index bigint, values array<numeric> | binary, block int) -> the image's chunks, one per block.
  { name: 'thunder_image_chunks', className: `${PKG}.ImageChunks`, returnType: DataTypes.array(DataTypes.binary, false) },
  // (chunks array<binary>) -> the block's series, packed, voxel order.
  { name: 'thunder_block_series', className: `${PKG}.BlockSeries`, returnType: DataTypes.array(DataTypes.binary, false) },
  // (key bigint, values) -> the series as one chunk tagged with its key.
  { name: 'thunder_pack_record', className: `${PKG}.PackRecord`, returnType: DataTypes.binary },
  // (block bigint, records array<binary>, length int) -> one chunk per time point.
  { name: 'thunder_block_images', className: `${PKG}.BlockImages`, returnType: DataTypes.array(DataTypes.binary, false) },
  // (chunks array<binary>, voxels int) -> the image, packed.
  { name: 'thunder_assemble_image', className: `${PKG}.AssembleImage`, returnType: DataTypes.binary },
  // Aggregate: (values binary, stat int) -> the statistic per position as array<double> (spark/aggregate.ts).
  { name: 'thunder_record_stats', className: `${PKG}.RecordStats`, aggregate: true },
  // Files on the executors (spark/kernels/files.ts, writers.ts; specs in io/Spec.java).
  // (content binary, path string, spec string) -> the file's images, packed.
  { name: 'thunder_read_images', className: `${PKG}.ReadImages`, returnType: DataTypes.array(DataTypes.binary, false) },
  // (content binary, path string, spec string) -> the file's series records (keyed: keys first).
  { name: 'thunder_read_records', className: `${PKG}.ReadRecords`, returnType: DataTypes.array(doubles, false) },
  // (index bigint, values, spec string) -> bytes written (one file per image).
  { name: 'thunder_write_image', className: `${PKG}.WriteImage`, returnType: DataTypes.long },
  // (key bigint, values, spec string) -> bytes written in place into the series file.
  { name: 'thunder_write_record', className: `${PKG}.WriteRecord`, returnType: DataTypes.long },
];

export const VERSION_FUNCTION = 'thunder_kernels_version';
export { doubles as DOUBLE_ARRAY };
