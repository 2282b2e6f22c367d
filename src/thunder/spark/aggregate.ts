/**
 * Statistics across records, per position: `posexplode` feeds a hash aggregate keyed by position,
 * so each partition pre-aggregates its records (the explode is pipelined, never materialised) and
 * the shuffle carries one partial row per position and partition. The result is one record.
 *
 * Semantics are the local engine's (`aggregateRecords`): population std/var; NaN propagates
 * through every statistic including max/min (Spark's `min` skips NaN and its `max` picks it
 * because NaN sorts last, so both are guarded explicitly); Inf gives Inf sums/means and NaN
 * spreads. No records: sum 0, mean/var/std NaN; max/min fail the action with the local engine's
 * `InvalidArgumentError` (`EMPTY_EXTREMUM`).
 *
 * With kernels the statistic is one aggregate UDF (`thunder_record_stats`, spark-kernels
 * `udf/RecordStats` over `core/AcrossStats`): each partition folds its records into one state
 * map-side (no row per value), only those states are shuffled and merged. Sums are
 * Neumaier-compensated; var/std use compensated sums of deviations from a per-partition shift
 * (details in AcrossStats.java), so results stay within 1e-12 relative of the local engine's
 * sequential two-pass sums whatever the partitioning.
 */
import { expr, type DataFrame } from '../../connect/index.js';
import { lit } from '../../udf/spark-sql.js';
import { EMPTY_EXTREMUM, type Stat } from '../engine.js';
import { raiseArgumentErrorSql } from './file-errors.js';

const NAN = "CAST('NaN' AS DOUBLE)";

const AGG: Record<Stat, string> = {
  sum: 'sum(_v)',
  mean: 'avg(_v)',
  var: 'var_pop(_v)',
  std: 'stddev_pop(_v)',
  max: `IF(bool_or(isnan(_v)), ${NAN}, max(_v))`,
  min: `IF(bool_or(isnan(_v)), ${NAN}, min(_v))`,
};

const EMPTY: Record<Exclude<Stat, 'max' | 'min'>, number> = { sum: 0, mean: NaN, var: NaN, std: NaN };

/** SQL for the result of no records: `len` copies of the statistic's value, or the max/min error. */
function emptyResult(stat: Stat, len: string): string {
  if (stat === 'max' || stat === 'min') return raiseArgumentErrorSql(`${stat}()`, EMPTY_EXTREMUM.expected, `'${EMPTY_EXTREMUM.got}'`);
  return `array_repeat(${lit(EMPTY[stat])}, ${len})`;
}

/** Must equal the codes in spark-kernels `core/AcrossStats.java`. */
const KERNEL_STAT: Record<Stat, number> = { sum: 0, mean: 1, var: 2, std: 3, max: 4, min: 5 };

/**
 * One row `(0 AS <position>, values array<double>)` holding `stat` across the rows of `df` for each
 * of the `len` positions of `doubles` (SQL text of the record: array<double> for Spark SQL, a
 * packed record for the aggregate kernel (`kernels`)).
 */
export function aggregateAcross(df: DataFrame, doubles: string, len: number, stat: Stat, position: string, kernels = false): DataFrame {
  if (kernels) {
    // The kernel gives null for no records. The default's length is `len + _n` (= len, since _n =
    // 0 exactly then) so that it is not constant-folded into a len-element literal in the plan
    // that every task would carry.
    const fallback = emptyResult(stat, `CAST(${len} + _n AS INT)`);
    return df
      .agg(expr(`thunder_record_stats(${doubles}, ${KERNEL_STAT[stat]}) AS _all`), expr(`count(${doubles}) AS _n`))
      .selectExpr(`CAST(0 AS BIGINT) AS ${position}`, `coalesce(_all, ${fallback}) AS values`);
  }
  const perPosition = df
    .selectExpr(`posexplode(${doubles}) AS (_p, _v)`)
    .groupBy('_p')
    .agg(expr(`${AGG[stat]} AS _s`));
  return perPosition
    .agg(expr('transform(array_sort(collect_list(struct(_p, _s))), e -> CAST(e._s AS DOUBLE)) AS _all'))
    .selectExpr(`CAST(0 AS BIGINT) AS ${position}`, `IF(size(_all) = 0, ${emptyResult(stat, String(len))}, _all) AS values`);
}
