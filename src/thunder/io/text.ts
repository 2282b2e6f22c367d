/** Series from text: one record per line, numbers separated by whitespace (Thunder's fromtext). */
import { DataFormatError } from '../../common/errors.js';
import { NDArray, roundToHalf, toInt64, typedArrayFor, type DType } from '../../common/ndarray.js';
import { readBytes } from './files.js';

/** All records of all files, skipping the first `skip` numbers of each line; rows must be equally long. */
export async function decodeTextSeries(files: readonly string[], skip: number, dtype: DType): Promise<NDArray> {
  const rows: number[][] = [];
  let width = -1;
  for (const file of files) {
    const text = new TextDecoder().decode(await readBytes(file));
    const lines = text.split(/\r?\n/);
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l]!.trim();
      if (line === '') continue;
      const nums = line.split(/\s+/).map(Number);
      const bad = nums.findIndex((x) => Number.isNaN(x));
      if (bad >= 0 && line.split(/\s+/)[bad]!.toLowerCase() !== 'nan') throw new DataFormatError(file, `line ${l + 1}: "${line.split(/\s+/)[bad]}" is not a number`);
      const row = nums.slice(skip);
      // int64 and float16 are not typed-array stores: convert as numpy's astype does (int64 refuses what it cannot hold).
      if (dtype === 'float16') row.forEach((x, k) => (row[k] = roundToHalf(x)));
      if (dtype === 'int64') {
        row.forEach((x, k) => {
          const v = toInt64(x);
          if (v === undefined) throw new DataFormatError(file, `line ${l + 1}: ${x} is not an int64 value (finite, integer part within ±(2^53 − 1))`);
          row[k] = v;
        });
      }
      if (width === -1) width = row.length;
      else if (row.length !== width) throw new DataFormatError(file, `line ${l + 1} has ${row.length} values after skipping ${skip}, earlier lines have ${width}`);
      rows.push(row);
    }
  }
  if (rows.length === 0 || width <= 0) throw new DataFormatError(files[0] ?? 'fromText', 'no values found');
  const out = typedArrayFor(dtype, rows.length * width);
  rows.forEach((r, i) => out.set(r, i * width));
  return new NDArray(out, [rows.length, width]);
}
