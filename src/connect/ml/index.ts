/** ML over Spark Connect: fit allowlisted MLlib estimators by class name, read, transform, free. */
export { MlEstimator, type MlFitOptions } from './estimator.js';
export { MlModel, type MlArg, type MlMethod, type MlLostPolicy } from './model.js';
export { arrayToVector, vectorToArray } from './functions.js';
export { MlNotAllowedError, MlModelLostError, MlModelDisposedError } from './errors.js';
export type { DenseMatrix, MlParams, MlParamValue, MlValue } from './values.js';
