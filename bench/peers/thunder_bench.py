"""bench/thunder.ts's pipeline through Thunder 1.4.2 on classic PySpark (local[*]).

Started by bench/thunder.ts with the Thunder venv's python (PYSPARK_PYTHON is the same python,
whose site-packages carry the Python 3.11 shim for bolt). Long-lived: the SparkContext is made
once, before any clock starts. Reads one JSON command per line on stdin:
  {"T": 100, "shape": [100, 100], "bin": "<dir>", "out": "<file>", "threshold": 0.05,
   "npartitions": 12, "warmup": false}
and answers with one JSON line per step {"step", "seconds"}, then
  {"done": true, "kept": <records with std > threshold>, "binaryFirst": <first binary image ok>}
after writing the std map (float64, C order of the image axes) to "out". "quit" ends it.

Each step is cached and counted so its time is its own; parents stay cached until the end
(uncaching a parent can make Spark drop a dependent cache, see bench/thunder.ts)."""
import os
import time

import numpy as np
from pyspark import SparkConf, SparkContext

import thunder as td
from _serve import emit, serve


def image(t, shape):
    """uint16 image `t`: the formula of bench/thunder.ts (FORMULA), per voxel v in C order."""
    v = np.arange(int(np.prod(shape)), dtype=np.int64)
    return (100 + (v % 50) * ((t * 37 + v) % 17)).astype(np.uint16).reshape(shape)


def run(sc, cmd, emit):
    T, shape, npart, threshold = cmd["T"], tuple(cmd["shape"]), cmd["npartitions"], cmd["threshold"]

    def step(name, fn):
        t0 = time.perf_counter()
        value = fn()
        emit({"step": name, "seconds": time.perf_counter() - t0})
        return value

    def generate():
        # Generated on the executors, one image per record, as bench/thunder.ts's server-side SQL.
        rdd = sc.parallelize(range(T), npart).map(lambda t: ((t,), image(t, shape)))
        imgs = td.images.fromrdd(rdd, dims=shape, nrecords=T, dtype="uint16", ordered=True).cache()
        imgs.count()
        return imgs

    imgs = step("load (generate)", generate)

    def binary():
        b = td.images.frombinary(cmd["bin"], engine=sc, npartitions=npart).cache()
        b.count()
        return b

    fromfiles = step("load (binary files)", binary)
    first_ok = bool(np.array_equal(fromfiles.first(), image(0, shape)))
    fromfiles.uncache()

    def to_series():
        ser = imgs.toseries().cache()
        ser.count()
        return ser

    ser = step("toSeries", to_series)

    def normalize():
        norm = ser.normalize().cache()  # percentile baseline, perc 20, offset 0.1 (the defaults)
        norm.count()
        return norm

    norm = step("normalize", normalize)
    kept = step("map(std)+filter", lambda: int(norm.filter(lambda v: v.std() > threshold).count()))
    stds = step("toArray(std)", lambda: np.asarray(norm.map(lambda v: v.std()).toarray(), dtype=np.float64))
    if stds.size != int(np.prod(shape)):
        raise RuntimeError(f"toarray gave {stds.size} values, expected {int(np.prod(shape))}")
    np.ascontiguousarray(stds.reshape(-1), dtype="<f8").tofile(cmd["out"])
    norm.uncache()
    ser.uncache()
    imgs.uncache()
    return {"done": True, "kept": kept, "binaryFirst": first_ok}


def main():
    conf = (
        SparkConf()
        .setMaster("local[*]")
        .setAppName("thunder-connect bench: Thunder 1.4.2")
        .set("spark.driver.memory", os.environ.get("BENCH_THUNDER_MEMORY", "6g"))
        .set("spark.default.parallelism", "12")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.local.dir", os.environ.get("BENCH_THUNDER_LOCAL_DIR", "/tmp"))
    )
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    sc.parallelize(range(4), 2).count()
    emit({"ready": True, "spark": sc.version, "thunder": td.__version__, "numpy": np.__version__, "master": sc.master})
    serve(lambda cmd, emit: run(sc, cmd, emit))
    sc.stop()


if __name__ == "__main__":
    main()
