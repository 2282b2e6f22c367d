"""bench/thunder.ts's pipeline on numpy arrays in this process, on one core.

bench/thunder.ts sets OMP/OPENBLAS/MKL_NUM_THREADS=1 before starting it. Long-lived, same line
protocol as thunder_bench.py: one JSON command per line on stdin
  {"T": 100, "shape": [100, 100], "bin": "<dir>", "out": "<file>", "threshold": 0.05}
answered with one JSON line per step {"step", "seconds"}, then
  {"done": true, "kept": <records with std > threshold>, "binaryEqual": <files == generated>,
   "rssMB": <peak RSS of this process>}
after writing the std map (float64, C order of the image axes) to "out". "quit" ends it.

The steps are Thunder's local mode written out on whole arrays: toSeries is the transpose to
[..., T] (made contiguous, so the copy is timed here and not hidden in the next step); normalize
subtracts and divides by each record's 20th percentile (+ 0.1 offset), Thunder's default;
std is numpy's (ddof 0), as Thunder's `v.std()`."""
import json
import os
import resource
import time

import numpy as np
from _serve import emit, serve


def stack(T, shape):
    """[T, *shape] uint16: the formula of bench/thunder.ts (FORMULA), per voxel v in C order."""
    t = np.arange(T, dtype=np.int64)[:, None]
    v = np.arange(int(np.prod(shape)), dtype=np.int64)[None, :]
    return (100 + (v % 50) * ((t * 37 + v) % 17)).astype(np.uint16).reshape((T,) + tuple(shape))


def from_binary(path):
    """Thunder's frombinary layout: conf.json ({shape, dtype}) and one C-order image per .bin file."""
    with open(os.path.join(path, "conf.json")) as f:
        conf = json.load(f)
    shape, dtype = tuple(conf["shape"]), np.dtype(conf["dtype"])
    files = sorted(f for f in os.listdir(path) if f.endswith(".bin"))
    out = np.empty((len(files),) + shape, dtype=dtype)
    for i, name in enumerate(files):
        out[i] = np.fromfile(os.path.join(path, name), dtype=dtype).reshape(shape)
    return out


def run(cmd, emit):
    T, shape, threshold = cmd["T"], tuple(cmd["shape"]), cmd["threshold"]

    def step(name, fn):
        t0 = time.perf_counter()
        value = fn()
        emit({"step": name, "seconds": time.perf_counter() - t0})
        return value

    imgs = step("load (generate)", lambda: stack(T, shape))
    fromfiles = step("load (binary files)", lambda: from_binary(cmd["bin"]))
    binary_equal = bool(np.array_equal(fromfiles, imgs))
    del fromfiles
    ser = step("toSeries", lambda: np.ascontiguousarray(np.moveaxis(imgs, 0, -1)))

    def normalize():
        b = np.percentile(ser, 20, axis=-1, keepdims=True)
        return (ser - b) / (b + 0.1)

    norm = step("normalize", normalize)
    kept = step("map(std)+filter", lambda: int(np.count_nonzero(norm.std(axis=-1) > threshold)))
    stds = step("toArray(std)", lambda: norm.std(axis=-1))
    np.ascontiguousarray(stds.reshape(-1), dtype="<f8").tofile(cmd["out"])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"done": True, "kept": kept, "binaryEqual": binary_equal, "rssMB": rss}


def main():
    emit({"ready": True, "numpy": np.__version__, "threads": os.environ.get("OMP_NUM_THREADS")})
    serve(run)


if __name__ == "__main__":
    main()
