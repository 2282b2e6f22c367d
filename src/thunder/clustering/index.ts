/** Clustering and projections of Series on either engine (MLlib over Spark Connect, or local). */
export { KMeans, type KMeansOptions, type KMeansInitMode } from './kmeans.js';
export { KMeansModel } from './kmeans-model.js';
export { NOTEBOOK_KS, type SweepOptions, type SweepProgress, type SweepResult } from './sweep.js';
export { GaussianMixture, GaussianMixtureModel, type GaussianMixtureOptions } from './gmm.js';
export { PCA, PCAModel } from './pca.js';
