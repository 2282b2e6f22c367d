"""Workloads of bench/client.ts run through a Python Spark Connect client
(pyspark-client, or pyspark-client-rust, whichever is installed in the venv).
Prints one JSON object per workload: {"workload", "seconds", "check"}."""
import json
import sys
import time

from pyspark.sql import SparkSession


def best(repeat, fn):
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        check = fn()
        dt = time.perf_counter() - t0
        if out is None or dt < out[0]:
            out = (dt, check)
    return out


def main():
    remote, repeat, queries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    spark = SparkSession.builder.remote(remote).getOrCreate()
    spark.sql("SELECT 1").collect()  # warm-up

    def doubles():
        return spark.sql("SELECT CAST(id AS DOUBLE) AS x FROM range(10000000)").toArrow().num_rows

    def arrays():
        return spark.sql(
            "SELECT transform(sequence(0, 19), k -> CAST(id * 20 + k AS DOUBLE)) AS v FROM range(1000000)"
        ).toArrow().num_rows

    import pyarrow as pa
    import numpy as np

    counter = [0]

    def upload():
        # 100 MB: 12,500 rows of 1,000 doubles; fresh content each time (the server caches by hash)
        counter[0] += 1
        values = np.arange(12_500_000, dtype=np.float64) % 1000 + counter[0] * 1e6
        offsets = np.arange(0, 12_500_001, 1000, dtype=np.int32)
        table = pa.table({"v": pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))})
        try:
            df = spark.createDataFrame(table)
        except TypeError:
            # pyspark-client-rust accepts pandas but not pyarrow tables
            df = spark.createDataFrame(table.to_pandas())
        return df.count()

    def small():
        for _ in range(queries):
            spark.sql("SELECT 1 AS one").collect()
        return queries

    for name, fn, rep in [("doubles", doubles, repeat), ("arrays", arrays, repeat), ("upload", upload, repeat), ("small", small, 1)]:
        seconds, check = best(rep, fn)
        print(json.dumps({"workload": name, "seconds": seconds, "check": check}), flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
