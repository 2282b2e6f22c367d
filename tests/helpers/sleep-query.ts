/**
 * SQL for a job whose tasks each sleep on the server (one row per partition,
 * `Thread.sleep` through `reflect`): a slow job whose duration does not depend
 * on the machine's speed. The result is the sum of 0..partitions-1.
 */
export function sleepingJob(partitions: number, sleepMs: number): string {
  return (
    `SELECT sum(id) AS s FROM range(0, ${partitions}, 1, ${partitions}) ` +
    // reflect returns the text 'null' for a void method; testing its length keeps the
    // optimizer from dropping the call (a test it could prove constant would be folded away).
    `WHERE length(reflect('java.lang.Thread', 'sleep', CAST(${sleepMs} AS BIGINT))) > 0`
  );
}

export const sumBelow = (n: number) => (n * (n - 1)) / 2;
