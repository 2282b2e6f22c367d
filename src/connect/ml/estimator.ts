/**
 * Fitting any estimator the server allows, by class name:
 *
 *   const km = new MlEstimator('org.apache.spark.ml.clustering.KMeans', { k: 5, seed: 1 });
 *   await using model = await km.fit(df.withColumn('features', arrayToVector('values')));
 *   await model.get('summary.trainingCost');             // 1234.5
 *   model.transform(df2);                               // DataFrame with `prediction`
 *
 * The fit runs on the server (MlCommand.Fit); the data never come to this process. A class the
 * server's allowlist does not contain fails with `MlNotAllowedError`; bad params fail with the
 * server's error (e.g. MLlib's IllegalArgumentException for `k: 0`).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { DataFrame, type ActionOptions } from '../dataframe.js';
import { fitCommand, newUid } from './commands.js';
import { narrowNotAllowed } from './errors.js';
import { MlModel, fittedId, type MlLostPolicy } from './model.js';
import { toMlParams, type MlParams } from './values.js';

export interface MlFitOptions extends ActionOptions {
  /** What reads do when the server lost the model: 'error' (default) or 'refit' (see MlModel). */
  readonly onLost?: MlLostPolicy;
}

const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

export class MlEstimator {
  /** Fully qualified class, e.g. `org.apache.spark.ml.clustering.KMeans`. */
  readonly className: string;
  readonly params: MlParams;
  readonly uid: string;

  constructor(className: string, params: MlParams = {}) {
    if (typeof className !== 'string' || !CLASS_NAME.test(className)) {
      throw new InvalidArgumentError('MlEstimator(className)', "a fully qualified class name, e.g. 'org.apache.spark.ml.clustering.KMeans'", className);
    }
    toMlParams(params, 'MlEstimator'); // validates now rather than at fit
    this.className = className;
    this.params = Object.freeze({ ...params });
    this.uid = newUid(className);
  }

  /** Fits on `df` (server-side) and returns a handle on the model in the server's ML cache. */
  async fit(df: DataFrame, options: MlFitOptions = {}): Promise<MlModel> {
    if (!(df instanceof DataFrame)) throw new InvalidArgumentError('fit(df)', 'a DataFrame', df);
    const { onLost = 'error', ...action } = options;
    if (onLost !== 'error' && onLost !== 'refit') throw new InvalidArgumentError('fit(onLost)', "'error' or 'refit'", onLost);
    const command = fitCommand(this.className, this.uid, toMlParams(this.params, 'fit'), df.relation);
    const run = async (opts: ActionOptions): Promise<string> => {
      try {
        return fittedId(await df.session.executeCommand(command, opts));
      } catch (e) {
        throw narrowNotAllowed(e, `fit(${this.className})`);
      }
    };
    const id = await run(action);
    return new MlModel(df.session, id, { estimator: this.className, uid: this.uid, onLost, refit: run });
  }
}
