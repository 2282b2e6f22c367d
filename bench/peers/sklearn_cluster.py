"""scikit-learn's side of bench/kmeans.ts: the notebook's sweeps on the records our local engine fits.

Usage: sklearn_cluster.py RECORDS T KS MAX_ITER SEEDS MODELS
RECORDS is a file of little-endian float64 records [n, T] (C order) written by bench/kmeans.ts.
For each seed in 1..SEEDS (scikit-learn's random_state) and each K it fits, one after another:
  kmeans: KMeans(n_clusters=K, init='k-means++', n_init=1, max_iter=MAX_ITER)
  gmm:    GaussianMixture(n_components=K, covariance_type='full', n_init=1, max_iter=MAX_ITER,
          reg_covar=1e-6 (the default), init_params='kmeans')
(MODELS: comma list of kmeans, gmm). Threads are whatever the environment allows
(bench/kmeans.ts sets OMP/OPENBLAS/MKL_NUM_THREADS). Prints one JSON line per fit:
  {"model", "k", "seed", "seconds", "cost" (KMeans inertia_: sum of squared distances to the nearest
   center), "logLikelihood" (GMM: total log-likelihood of the records, score() * n), "iterations",
   "minWeight" (GMM: smallest component weight * n)}
and finally {"done": true, "threads": [...], "sklearn": version}.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_info

warnings.filterwarnings('ignore', category=ConvergenceWarning)


def main():
    path, T, ks, max_iter, seeds, models = sys.argv[1:7]
    T, max_iter, seeds = int(T), int(max_iter), int(seeds)
    ks = [int(k) for k in ks.split(',')]
    x = np.fromfile(path, dtype='<f8').reshape(-1, T)
    for model in models.split(','):
        for seed in range(1, seeds + 1):
            for k in ks:
                t0 = time.perf_counter()
                if model == 'kmeans':
                    m = KMeans(n_clusters=k, init='k-means++', n_init=1, max_iter=max_iter, random_state=seed).fit(x)
                    out = {'cost': float(m.inertia_)}
                elif model == 'gmm':
                    m = GaussianMixture(n_components=k, covariance_type='full', n_init=1, max_iter=max_iter, random_state=seed).fit(x)
                    out = {'logLikelihood': float(m.score(x) * len(x)), 'minWeight': float(m.weights_.min() * len(x))}
                else:
                    raise SystemExit(f'unknown model {model}')
                seconds = time.perf_counter() - t0
                print(json.dumps({'model': model, 'k': k, 'seed': seed, 'seconds': seconds, 'iterations': int(m.n_iter_), **out}), flush=True)
    threads = [{'api': i['internal_api'], 'threads': i['num_threads']} for i in threadpool_info()]
    print(json.dumps({'done': True, 'threads': threads, 'sklearn': sklearn.__version__}), flush=True)


if __name__ == '__main__':
    main()
