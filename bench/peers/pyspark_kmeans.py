"""The K sweep of bench/kmeans.ts through PySpark's own Connect client, for comparison.

Usage: pyspark_kmeans.py URL PARQUET KS MAX_ITER SEED
Reads the series (columns key, values: array<double>) that bench/kmeans.ts wrote, fits MLlib
KMeans for every K one at a time and then all at once (one thread per K, as our sweep issues
all fits at once), and scores every model server-side like our sweep: error1 = sum of the
Euclidean distances to the assigned centers, error2 = 1 / sum of the Pearson correlations
with them (0 for constant records). Prints one JSON line: {"sequential": s, "concurrent": s}.
"""
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from pyspark.ml.clustering import KMeans
from pyspark.ml.functions import array_to_vector
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.connect.session import SparkSession as ConnectSession


def centers_literal(centers):
    return F.array(*[F.array(*[F.lit(float(x)) for x in c]) for c in centers])


# Models are kept alive until the process ends: pyspark-client deletes a model's server-side
# cache entry from its finalizer, and in our runs that delete hung the client (waiting forever
# on a response, the server idle).
MODELS = []


def fit_and_score(df, k, max_iter, seed, T):
    model = KMeans(k=k, maxIter=max_iter, seed=seed, featuresCol="features").fit(df)
    MODELS.append(model)
    cost = model.summary.trainingCost
    assigned = model.transform(df).withColumn("c", F.element_at(centers_literal(model.clusterCenters()), F.col("prediction") + 1))
    sq = "aggregate(zip_with(values, c, (a, b) -> (a - b) * (a - b)), 0D, (s, x) -> s + x)"
    mean = lambda a: f"(aggregate({a}, 0D, (s, x) -> s + x) / {T})"
    cov = f"aggregate(zip_with(values, c, (a, b) -> (a - {mean('values')}) * (b - {mean('c')})), 0D, (s, x) -> s + x)"
    var = lambda a: f"aggregate({a}, 0D, (s, x) -> s + (x - {mean(a)}) * (x - {mean(a)}))"
    corr = f"CASE WHEN {var('values')} = 0 OR {var('c')} = 0 THEN 0D ELSE {cov} / sqrt({var('values')} * {var('c')}) END"
    row = assigned.agg(F.expr(f"sum(sqrt({sq}))").alias("e1"), F.expr(f"sum({corr})").alias("sim")).collect()[0]
    return {"k": k, "cost": cost, "error1": row["e1"], "error2": 1 / row["sim"]}


def main():
    # The URL comes from the environment, not argv: it may carry a token, and argv shows in ps.
    url = os.environ["SPARK_REMOTE"]
    path, ks, max_iter, seed = sys.argv[1], [int(k) for k in sys.argv[2].split(",")], int(sys.argv[3]), int(sys.argv[4])
    spark = SparkSession.builder.remote(url).getOrCreate()
    df = spark.read.parquet(path).withColumn("features", array_to_vector("values")).cache()
    n = df.count()
    T = len(df.first()["values"])
    out = {"records": n}
    t0 = time.perf_counter()
    seq = [fit_and_score(df, k, max_iter, seed, T) for k in ks]
    out["sequential"] = time.perf_counter() - t0
    t0 = time.perf_counter()

    def in_thread(k):
        # pyspark.ml finds its session through the thread-local active session, which new threads
        # lack (getOrCreate does not set it): set it, through the one call that does.
        ConnectSession._set_default_and_active_session(spark)
        return fit_and_score(df, k, max_iter, seed, T)

    with ThreadPoolExecutor(max_workers=len(ks)) as pool:
        conc = list(pool.map(in_thread, ks))
    out["concurrent"] = time.perf_counter() - t0
    out["scores"] = conc
    print(json.dumps(out), flush=True)
    os._exit(0)  # skip the finalizers' deletes (see MODELS); the server frees the session's models itself


if __name__ == "__main__":
    main()
