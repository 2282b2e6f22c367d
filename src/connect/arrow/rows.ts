/**
 * Arrow → plain JavaScript rows, for `collect()`/`take()`/`first()`. Types map as:
 * int8/16/32, float, double → number; bigint (int64) → bigint (exact);
 * boolean → boolean; string → string; binary → Uint8Array; date → Date (UTC
 * midnight); timestamp → Date (millisecond precision: microseconds are dropped;
 * use `toArrow()` for the exact value); decimal → string; array → array;
 * struct → object; map → Map; null → null.
 * Bulk numeric work should not come through here: see `listColumn` / `toArrow`.
 */
import { Vector, Type, type Data, type DataType, type Field, type Table } from 'apache-arrow';

export type Value = null | boolean | number | bigint | string | Date | Uint8Array | Value[] | Map<Value, Value> | { [key: string]: Value };
export type Row = Record<string, Value>;

type Getter = (v: Vector, i: number) => Value;

function getterFor(type: DataType): Getter {
  switch (type.typeId) {
    case Type.Null:
      return () => null;
    case Type.Int:
    case Type.Int8:
    case Type.Int16:
    case Type.Int32:
    case Type.Uint8:
    case Type.Uint16:
    case Type.Uint32:
    case Type.Int64:
    case Type.Uint64:
    case Type.Float:
    case Type.Float16:
    case Type.Float32:
    case Type.Float64:
    case Type.Bool:
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Binary:
    case Type.LargeBinary:
      return (v, i) => v.get(i) as Value;
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
    case Type.Timestamp:
    case Type.TimestampSecond:
    case Type.TimestampMillisecond:
    case Type.TimestampMicrosecond:
    case Type.TimestampNanosecond:
      return (v, i) => {
        const x = v.get(i) as number | Date | null;
        if (x === null) return null;
        return x instanceof Date ? x : new Date(Number(x));
      };
    case Type.Decimal:
      return (v, i) => {
        const x = v.get(i) as { toString(): string } | null;
        return x === null ? null : decimalToString(x, (type as unknown as { scale: number }).scale);
      };
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: {
      const child = getterFor((type.children[0] as Field).type);
      return (v, i) => {
        const inner = v.get(i) as Vector | null;
        if (inner === null) return null;
        const out: Value[] = new Array(inner.length);
        for (let k = 0; k < inner.length; k++) out[k] = inner.isValid(k) ? child(inner, k) : null;
        return out;
      };
    }
    case Type.Struct: {
      const fields = (type.children as Field[]).map((f, idx) => ({ name: f.name, idx, get: getterFor(f.type) }));
      return (v, i) => {
        const out: { [key: string]: Value } = {};
        for (const f of fields) {
          const child = v.getChildAt(f.idx)!;
          out[f.name] = child.isValid(i) ? f.get(child, i) : null;
        }
        return out;
      };
    }
    case Type.Map: {
      const entry = type.children[0] as Field;
      const [kf, vf] = entry.type.children as Field[];
      const kget = getterFor(kf!.type);
      const vget = getterFor(vf!.type);
      return (v, i) => {
        // MapRow keeps its key vector and value data under these registered symbols.
        const m = v.get(i) as Record<symbol, unknown> | null;
        if (m === null) return null;
        const keys = m[Symbol.for('keys')] as Vector;
        const vals = new Vector([m[Symbol.for('vals')] as Data]);
        const out = new Map<Value, Value>();
        for (let k = 0; k < keys.length; k++) out.set(kget(keys, k), vals.isValid(k) ? vget(vals, k) : null);
        return out;
      };
    }
    default:
      return (v, i) => v.get(i) as Value;
  }
}

function decimalToString(x: { toString(): string }, scale: number): string {
  const digits = x.toString();
  if (scale <= 0) return digits;
  const neg = digits.startsWith('-');
  const abs = (neg ? digits.slice(1) : digits).padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}`;
}

export function tableToRows(table: Table): Row[] {
  const fields = table.schema.fields;
  // Table.numRows sums over the batches at every read: read it once.
  const n = table.numRows;
  const rows: Row[] = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = {};
  fields.forEach((f, c) => {
    const col = table.getChildAt(c)!;
    const get = getterFor(f.type);
    for (let r = 0; r < n; r++) rows[r]![f.name] = col.isValid(r) ? get(col, r) : null;
  });
  return rows;
}
