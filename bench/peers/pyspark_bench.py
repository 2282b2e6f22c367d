"""Workloads of bench/client.ts run through a Python Spark Connect client
(pyspark-client, or pyspark-client-rust, whichever is installed in the venv).

Long-lived so that bench/client.ts can interleave rounds of every client on
one server (a server that warms up during the run must not favour whoever
runs last). Reads one command per line on stdin:
  doubles | arrays | upload <round> | small <n> | smalldf <n> | quit
and answers each with one JSON line: {"workload", "seconds", "check"}.
Input data is prepared before the clock starts, as bench/client.ts does."""
import json
import os
import sys
import time

from pyspark.sql import SparkSession


def upload_input(round_no):
    """100 MB: 12,500 rows of 1,000 doubles; fresh content each round (the server caches by hash)."""
    import numpy as np
    import pyarrow as pa

    values = np.arange(12_500_000, dtype=np.float64) % 1000 + round_no * 1e6
    offsets = np.arange(0, 12_500_001, 1000, dtype=np.int32)
    return pa.table({"v": pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))})


def main():
    remote = os.environ["SPARK_REMOTE"]  # not argv: the URL may carry a token, and argv shows in ps
    spark = SparkSession.builder.remote(remote).getOrCreate()
    spark.sql("SELECT 1").collect()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        name = cmd[0]
        if name == "doubles":
            run = lambda: spark.sql("SELECT CAST(id AS DOUBLE) AS x FROM range(10000000)").toArrow().num_rows
        elif name == "arrays":
            run = lambda: spark.sql(
                "SELECT transform(sequence(0, 19), k -> CAST(id * 20 + k AS DOUBLE)) AS v FROM range(1000000)"
            ).toArrow().num_rows
        elif name == "upload":
            table = upload_input(int(cmd[1]))
            try:
                spark.createDataFrame(table.slice(0, 1))
                data = table
            except TypeError:
                # pyspark-client-rust takes neither pyarrow tables nor numpy cells: pandas with list cells
                data = table.to_pandas()
                data["v"] = [list(map(float, v)) for v in data["v"]]
            run = lambda: spark.createDataFrame(data).count()
        elif name == "small":
            n = int(cmd[1])

            def run():
                for _ in range(n):
                    spark.sql("SELECT 1 AS one").collect()
                return n
        elif name == "smalldf":
            n = int(cmd[1])

            def run():
                for _ in range(n):
                    spark.range(0, 10, 1, 1).collect()
                return n
        else:
            print(json.dumps({"error": f"unknown workload {name}"}), flush=True)
            continue
        t0 = time.perf_counter()
        check = run()
        seconds = time.perf_counter() - t0
        print(json.dumps({"workload": name, "seconds": seconds, "check": check}), flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
