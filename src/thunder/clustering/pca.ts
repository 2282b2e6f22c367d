/**
 * Principal components (the notebook projects the K centers to 2-D and 3-D with it).
 *
 *   const pca = new PCA({ k: 2 }).fit(model.centers);       // an NDArray [n, T]: computed here
 *   pca.transform(model.centers);                            // NDArray [n, 2]
 *   const pcaS = await new PCA({ k: 3 }).fit(series);        // a Series: on its engine (MLlib on Spark)
 *   pcaS.transform(series);                                  // Series with T = 3
 *
 * `components` is [k, T] (one component per row, unit length, signs arbitrary), `explainedVariance`
 * the fraction of the total variance each explains (MLlib's definition: eigenvalues of the
 * sample covariance over their sum). `transform` projects without centering, as MLlib's
 * PCAModel does: x ↦ components · x.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray } from '../../common/ndarray.js';
import type { ActionOptions, MlModel } from '../../connect/index.js';
import * as E from '../../udf/expr.js';
import { Series } from '../series.js';
import { mapRecords, target } from './apply.js';
import { HeldModel } from './held-model.js';
import { principalComponents } from './local/pca.js';
import { checkK } from './options.js';
import { readRecords } from './records.js';
import { FEATURES, asMatrix, fitMl, vectorFrame } from './spark-ml.js';

const OUTPUT = '_pca';

export class PCA {
  readonly k: number;

  constructor(options: { readonly k: number }) {
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('PCA(options)', 'an object with k', options);
    this.k = checkK(options.k, 'PCA');
  }

  /** Fits on the rows of an NDArray [n, T] (here) or the records of a Series (on its engine). */
  async fit(data: Series | NDArray, options: ActionOptions = {}): Promise<PCAModel> {
    if (data instanceof NDArray) {
      if (data.ndim !== 2 || data.shape[0]! < 1) throw new InvalidArgumentError('PCA.fit(data)', 'a 2-d array [n, T] with at least one row', `shape [${data.shape.join(', ')}]`);
      checkKAgainstT(this.k, data.shape[1]!);
      return localPca(Float64Array.from(data.data), data.shape[0]!, data.shape[1]!, this.k);
    }
    const r = await readRecords(data, 'PCA.fit(series)');
    checkKAgainstT(this.k, r.T);
    if (r.engine === 'local') return localPca(r.values, r.n, r.T, this.k);
    const ml = await fitMl('org.apache.spark.ml.feature.PCA', { k: this.k, inputCol: FEATURES, outputCol: OUTPUT }, r.df, options);
    try {
      const [pc, ev] = await Promise.all([ml.get('pc', options), ml.get('explainedVariance', options)]);
      const m = asMatrix(pc, 'pc'); // [T, k]
      return new PCAModel(transpose(m), ev as Float64Array, ml);
    } catch (e) {
      await ml.dispose().catch(() => undefined);
      throw e;
    }
  }
}

function checkKAgainstT(k: number, T: number): void {
  if (k > T) throw new InvalidArgumentError('PCA(k)', `at most the record length ${T}`, k);
}

function transpose(m: NDArray<Float64Array>): NDArray<Float64Array> {
  const [r, c] = m.shape as [number, number];
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = m.data[i * c + j]!;
  return new NDArray(out, [c, r]);
}

function localPca(values: Float64Array, n: number, T: number, k: number): PCAModel {
  const p = principalComponents(values, n, T, k);
  return new PCAModel(new NDArray(p.components, [k, T]), p.explained);
}

export class PCAModel extends HeldModel {
  readonly k: number;
  /** [k, T] */
  readonly components: NDArray<Float64Array>;
  /** [k], fractions of the total variance. */
  readonly explainedVariance: Float64Array;

  /** @internal */
  constructor(components: NDArray<Float64Array>, explainedVariance: Float64Array, ml?: MlModel) {
    super(ml);
    this.components = components;
    this.k = components.shape[0]!;
    this.explainedVariance = explainedVariance;
  }

  protected get what(): string {
    return `the PCA model (k=${this.k})`;
  }

  get T(): number {
    return this.components.shape[1]!;
  }

  /** Projects rows of an NDArray [n, T] (→ [n, k]) or records of a Series (→ Series with T = k). */
  transform(data: NDArray): NDArray<Float64Array>;
  transform(data: Series): Series;
  transform(data: Series | NDArray): Series | NDArray<Float64Array> {
    this.check('transform(data)');
    const { k, T } = this;
    const c = this.components.data;
    if (data instanceof NDArray) {
      if (data.ndim !== 2 || data.shape[1] !== T) throw new InvalidArgumentError('transform(data)', `a 2-d array [n, ${T}]`, `shape [${data.shape.join(', ')}]`);
      const n = data.shape[0]!;
      const out = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += c[j * T + t]! * data.data[i * T + t]!;
        out[i * k + j] = s;
      }
      return new NDArray(out, [n, k]);
    }
    const tg = target(data, T, 'transform(series)', this.ml);
    if (tg.frame && this.ml) return tg.frame.build(vectorFrame(this.ml, tg.frame.df, OUTPUT, { inputCol: FEATURES, outputCol: OUTPUT }), k, 'float64');
    return mapRecords(tg.series, E.matvec(Float64Array.from(c), k, T, E.input(0, T)));
  }
}
