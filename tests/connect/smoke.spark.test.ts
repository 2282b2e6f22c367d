/**
 * The end-to-end path of the smoke client against a real Spark Connect server:
 * SQL in, Arrow out, every basic type decoded exactly.
 */
import { describe, expect, it } from 'vitest';
import { SparkConnectError, SparkSession } from '../../src/connect/index.js';
import { sparkRemote, useSpark } from '../helpers/spark.js';

/**
 * The instant at which the clocks of IANA zone `tz` show `wall` (a wall time written as if
 * UTC): subtract the zone's offset at that instant, found with Intl (two rounds cover a
 * wall time near an offset change).
 */
function wallTimeIn(tz: string, wall: number): number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const offset = (instant: number): number => {
    const p = Object.fromEntries(format.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!) - Math.floor(instant / 1000) * 1000;
  };
  let instant = wall - offset(wall);
  instant = wall - offset(instant);
  return instant;
}

describe('smoke client', () => {
  const spark = useSpark();

  it('reports the server version, the one Spark SQL reports', async () => {
    // Any supported server (Spark >= 4.0), not only the version this project pins.
    expect(spark().version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number(spark().version.split('.')[0])).toBeGreaterThanOrEqual(4);
    // version() is "<release> <git revision>"; the session's version comes from AnalyzePlan.
    const [row] = await (await spark().sql('SELECT version() AS v')).collect();
    expect((row!['v'] as string).split(' ')[0]).toBe(spark().version);
  });

  it('round-trips every basic type with exact values', async () => {
    const df = await spark().sql(`SELECT
      CAST(-2147483648 AS INT) AS i,
      CAST(9007199254740993 AS BIGINT) AS b,
      CAST(0.1 AS DOUBLE) AS d,
      'héllo, 世界' AS s,
      true AS t,
      DATE'2024-02-29' AS dt,
      TIMESTAMP_LTZ'2024-02-29 12:34:56.789' AS ts,
      array(1.5D, -2.25D, CAST('NaN' AS DOUBLE)) AS arr,
      named_struct('a', 7, 'b', 'z', 'c', array(1, 2)) AS st,
      CAST(NULL AS STRING) AS nul`);
    const rows = await df.collect();
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r['i']).toBe(-2147483648);
    expect(r['b']).toBe(9007199254740993n); // beyond 2^53: must stay exact
    expect(r['d']).toBe(0.1);
    expect(r['s']).toBe('héllo, 世界');
    expect(r['t']).toBe(true);
    expect(r['dt']).toEqual(new Date(Date.UTC(2024, 1, 29)));
    // The server session time zone decides how the literal is read: the expected instant is
    // 2024-02-29 12:34:56.789 wall time in that zone, converted here with the IANA database.
    const tz = (await (await spark().sql('SELECT current_timezone() AS tz')).collect())[0]!['tz'] as string;
    expect((r['ts'] as Date).getTime()).toBe(wallTimeIn(tz, Date.UTC(2024, 1, 29, 12, 34, 56, 789)));
    expect(r['arr']).toEqual([1.5, -2.25, NaN]);
    expect(r['st']).toEqual({ a: 7, b: 'z', c: [1, 2] });
    expect(r['nul']).toBeNull();
  });

  it('sums and counts spark.range(1_000_000) on the server', async () => {
    const rows = await spark()
      .range(1_000_000)
      .collect()
      .then((all) => all.length);
    expect(rows).toBe(1_000_000);
    const [agg] = await (await spark().sql('SELECT sum(id) AS s, count(*) AS n FROM range(1000000)')).collect();
    expect(agg!['s']).toBe(499_999_500_000n); // n(n-1)/2
    expect(agg!['n']).toBe(1_000_000n);
  });

  it('delivers a result larger than 4 MiB whole (one message of several MiB, across many HTTP/2 frames)', async () => {
    // 1,000 rows x 1,000 doubles = 8 MB of values in one result
    const df = await spark().sql('SELECT id, transform(sequence(0, 999), x -> CAST(x + id * 1000 AS DOUBLE)) AS v FROM range(1000)');
    const table = await df.toArrow();
    expect(table.numRows).toBe(1000);
    const v = table.getChild('v')!;
    let sum = 0;
    let count = 0;
    for (let r = 0; r < table.numRows; r++) {
      const list = v.get(r)!;
      count += list.length;
      for (let k = 0; k < list.length; k++) sum += list.get(k) as number;
    }
    expect(count).toBe(1_000_000);
    expect(sum).toBe((999_999 * 1_000_000) / 2); // 0 + 1 + ... + 999,999
  });

  it('returns an empty result with its schema', async () => {
    const table = await (await spark().sql('SELECT id, CAST(id AS DOUBLE) AS x FROM range(10) WHERE id < 0')).toArrow();
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'x']);
  });

  it('reports a SQL syntax error with its error class and SQL state, and stays usable', async () => {
    const err = await spark()
      .sql('SELEC 1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkConnectError);
    expect((err as SparkConnectError).errorClass).toBe('PARSE_SYNTAX_ERROR');
    expect((err as SparkConnectError).sqlState).toBe('42601');
    expect((err as SparkConnectError).messageParameters).toMatchObject({ error: "'SELEC'" });
    const [row] = await (await spark().sql('SELECT 40 + 2 AS answer')).collect();
    expect(row!['answer']).toBe(42);
  });

  it('stop() releases the session; later calls fail clearly', async () => {
    const s = await SparkSession.connect(sparkRemote());
    await s.stop();
    await expect(s.sql('SELECT 1')).rejects.toThrow(/stopped/);
    await s.stop(); // idempotent
  });
});
