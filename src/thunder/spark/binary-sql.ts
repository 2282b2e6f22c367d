/**
 * Little-endian numbers out of a `binary` column in Spark SQL. Spark cannot cast binary to
 * numbers, but `substring` of a binary is an O(1) byte copy (of a string it would be O(position)),
 * so each byte is read as `conv(hex(substring(...)), 16, 10)` and bytes are combined with integer
 * arithmetic; floats are rebuilt from their IEEE-754 fields (exact: mantissa × power of two).
 */
import { INT64_MAX_EXACT, type DType } from '../../common/ndarray.js';
import { itemSize } from '../io/binary.js';
import { fileErrorSql } from './file-errors.js';

/** Byte at the 0-based SQL integer offset `at` of `content`, as a bigint in 0..255. */
function byte(content: string, at: string): string {
  return `CAST(conv(hex(substring(${content}, CAST(${at} + 1 AS INT), 1)), 16, 10) AS BIGINT)`;
}

/** Unsigned little-endian integer of `n` bytes at `at`. */
function unsigned(content: string, at: string, n: number): string {
  const terms: string[] = [];
  for (let k = 0; k < n; k++) terms.push(k === 0 ? byte(content, at) : `${byte(content, `${at} + ${k}`)} * ${2 ** (8 * k)}`);
  return `(${terms.join(' + ')})`;
}

function signed(u: string, bits: number): string {
  return `(CASE WHEN ${u} >= ${2 ** (bits - 1)} THEN ${u} - ${2 ** bits} ELSE ${u} END)`;
}

/** IEEE-754 value from sign, biased exponent and mantissa (SQL bigints). */
function ieee(sign: string, exp: string, mant: string, expBits: number, mantBits: number): string {
  const maxExp = 2 ** expBits - 1;
  const bias = 2 ** (expBits - 1) - 1;
  const sub = 1 - bias - mantBits;
  const magnitude =
    `CASE WHEN ${exp} = ${maxExp} THEN (CASE WHEN ${mant} = 0 THEN CAST('Infinity' AS DOUBLE) ELSE CAST('NaN' AS DOUBLE) END) ` +
    `WHEN ${exp} = 0 THEN CAST(${mant} AS DOUBLE) * power(2D, ${sub}) ` +
    `ELSE CAST(${mant} + ${2 ** mantBits} AS DOUBLE) * power(2D, ${exp} - ${bias + mantBits}) END`;
  return `(CASE WHEN ${sign} = 1 THEN -(${magnitude}) ELSE ${magnitude} END)`;
}

/** The value of `dtype` at byte offset `at` (SQL integer) of `content`: an exact number. */
export function numberAt(content: string, at: string, dtype: DType): string {
  switch (dtype) {
    case 'uint8':
      return byte(content, at);
    case 'uint16':
      return unsigned(content, at, 2);
    case 'int16':
      return signed(unsigned(content, at, 2), 16);
    case 'int32':
      return signed(unsigned(content, at, 4), 32);
    case 'float32': {
      const u = '_u';
      // Bind the 32 bits once; the fields read them three times.
      return `element_at(transform(array(${unsigned(content, at, 4)}), ${u} -> ${ieee(`(${u} div 2147483648)`, `((${u} div 8388608) % 256)`, `(${u} % 8388608)`, 8, 23)}), 1)`;
    }
    case 'float16': {
      const u = '_u';
      return `element_at(transform(array(${unsigned(content, at, 2)}), ${u} -> ${ieee(`(${u} div 32768)`, `((${u} div 1024) % 32)`, `(${u} % 1024)`, 5, 10)}), 1)`;
    }
    case 'int64': {
      // Signed high word × 2^32 + unsigned low word is exact in bigint; beyond ±(2^53 − 1) a
      // double would round it, so the read fails (as fromBytes does locally) instead.
      const v = '_v';
      const word = `${signed(unsigned(content, `${at} + 4`, 4), 32)} * 4294967296 + ${unsigned(content, at, 4)}`;
      const bad = fileErrorSql('fromBinary', 'holds an int64 value beyond ±(2^53 − 1), the integers this package holds exactly');
      return `element_at(transform(array(${word}), ${v} -> CASE WHEN abs(${v}) > ${INT64_MAX_EXACT} THEN ${bad} ELSE CAST(${v} AS DOUBLE) END), 1)`;
    }
    case 'float64': {
      const lo = '_lo';
      const hi = '_hi';
      const mant = `((${hi} % 1048576) * 4294967296 + ${lo})`;
      const body = ieee(`(${hi} div 2147483648)`, `((${hi} div 1048576) % 2048)`, mant, 11, 52);
      return `element_at(transform(array(array(${unsigned(content, at, 4)}, ${unsigned(content, `${at} + 4`, 4)})), _w -> element_at(transform(array(element_at(_w, 1)), ${lo} -> element_at(transform(array(element_at(_w, 2)), ${hi} -> ${body}), 1)), 1)), 1)`;
    }
  }
}

/** `count` values of `dtype` from byte `start` (SQL integer), element i read at `position(i)`. */
export function numbersFrom(content: string, start: string, count: number, dtype: DType, position: (i: string) => string = (i) => i): string {
  return `transform(sequence(0, ${count - 1}), _i -> ${numberAt(content, `${start} + (${position('_i')}) * ${itemSize(dtype)}`, dtype)})`;
}
